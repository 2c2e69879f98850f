// The local D1 and KV of `npm start`/`wrangler dev`: the same files under .wrangler/state, opened
// with the Miniflare that wrangler itself uses, so a sync is visible to a running `npm start`.
import { join, resolve } from 'node:path'
import { Miniflare, convertV4MiniflareOptions } from 'miniflare'
import { unstable_readConfig } from 'wrangler'
import { SyncError } from './errors'
import type { Statement, SyncTarget } from './target'

export interface LocalTargetOptions {
  config: string
  env: string | null
  persistTo: string
}

/** Opens the DB and REVOKED bindings of the wrangler config on its local persisted state. */
export async function openLocalTarget(options: LocalTargetOptions): Promise<SyncTarget> {
  const { d1Id, kvId } = localIds(options)
  // wrangler keeps local state in <persist-to>/v3 (d1/, kv/ below it), keyed by the ids above.
  const mf = new Miniflare(
    convertV4MiniflareOptions({
      modules: true,
      script: 'export default {}',
      resourcePersistencePath: join(resolve(options.persistTo), 'v3'),
      d1Databases: { DB: d1Id },
      kvNamespaces: { REVOKED: kvId },
      log: undefined,
    }),
  )
  let db: D1Database
  let kv: KVNamespace
  try {
    db = (await mf.getD1Database('DB')) as unknown as D1Database
    kv = (await mf.getKVNamespace('REVOKED')) as unknown as KVNamespace
  } catch (err) {
    await mf.dispose().catch(() => undefined)
    throw new SyncError('connect', `cannot open the local D1/KV under ${options.persistTo}: ${String(err)}`)
  }
  return {
    name: `local D1 (${options.persistTo})`,
    async query({ sql, params }: Statement) {
      return (await db.prepare(sql).bind(...params).raw()) as unknown[][]
    },
    async batch(statements: Statement[]) {
      if (statements.length === 0) return
      await db.batch(statements.map(({ sql, params }) => db.prepare(sql).bind(...params)))
    },
    async stampSubjects(subjects, seconds, ttlSeconds) {
      await Promise.all(subjects.map((subject) => kv.put(`nbf:${subject}`, String(seconds), { expirationTtl: ttlSeconds })))
    },
    close: () => mf.dispose(),
  }
}

// The ids wrangler uses for local state: D1 preview_database_id ?? database_id, KV id (?? the binding).
function localIds({ config, env }: LocalTargetOptions): { d1Id: string; kvId: string } {
  const parsed = unstable_readConfig({ config, env: env ?? undefined }, { hideWarnings: true })
  const d1 = parsed.d1_databases.find((b: { binding: string }) => b.binding === 'DB')
  const kv = parsed.kv_namespaces.find((b: { binding: string }) => b.binding === 'REVOKED')
  if (!d1 || !kv) throw new SyncError('usage', `${config}${env ? ` (env ${env})` : ''} has no DB D1 binding or no REVOKED KV binding`)
  return { d1Id: d1.preview_database_id ?? d1.database_id ?? d1.binding, kvId: kv.id ?? kv.binding }
}
