// The local D1 and KV of `npm start`/`wrangler dev`: the same files under .wrangler/state, opened
// with the Miniflare that wrangler itself uses, so a sync is visible to a running `npm start`.
import { join, resolve } from 'node:path'
import { Miniflare, convertV4MiniflareOptions } from 'miniflare'
import { unstable_readConfig } from 'wrangler'
import { SyncError } from '../../src/sync'
import type { Statement, SyncTarget } from '../../src/sync'

export interface LocalTargetOptions {
  config: string
  env: string | null
  persistTo: string
}

// Runs inside workerd next to the bindings: one dispatchFetch per read, batch or set of stamps.
// Driving the D1 binding from Node instead costs a synchronous proxy round trip per prepare() and
// bind(), which made a 500-row batch take seconds.
const WORKER = `export default {
  async fetch(request, env) {
    const body = await request.json()
    try {
      if (body.op === 'query') return Response.json({ rows: await env.DB.prepare(body.sql).bind(...body.params).raw() })
      if (body.op === 'batch') {
        await env.DB.batch(body.statements.map((s) => env.DB.prepare(s.sql).bind(...s.params)))
        return Response.json({})
      }
      if (body.op === 'stamp') {
        await Promise.all(body.keys.map((key) => env.REVOKED.put(key, body.value, { expirationTtl: body.ttl })))
        return Response.json({})
      }
      return Response.json({ error: 'unknown op' }, { status: 400 })
    } catch (err) {
      return Response.json({ error: String(err && err.message || err) }, { status: 500 })
    }
  },
}`

/** Opens the DB and REVOKED bindings of the wrangler config on its local persisted state. */
export async function openLocalTarget(options: LocalTargetOptions): Promise<SyncTarget> {
  const { d1Id, kvId } = localIds(options)
  // wrangler keeps local state in <persist-to>/v3 (d1/, kv/ below it), keyed by the ids above.
  const mf = new Miniflare(
    convertV4MiniflareOptions({
      modules: true,
      script: WORKER,
      compatibilityDate: '2026-11-01',
      resourcePersistencePath: join(resolve(options.persistTo), 'v3'),
      d1Databases: { DB: d1Id },
      kvNamespaces: { REVOKED: kvId },
    }),
  )
  const call = async (body: unknown): Promise<{ rows?: unknown[][] }> => {
    const response = await mf.dispatchFetch('http://sync.local/', { method: 'POST', body: JSON.stringify(body) })
    const answer = (await response.json()) as { rows?: unknown[][]; error?: string }
    if (answer.error !== undefined) throw new Error(answer.error)
    return answer
  }
  try {
    await mf.ready
  } catch (err) {
    await mf.dispose().catch(() => undefined)
    throw new SyncError('connect', `cannot open the local D1/KV under ${options.persistTo}: ${String(err)}`)
  }
  return {
    name: `local D1 (${options.persistTo})`,
    async query({ sql, params }: Statement) {
      return (await call({ op: 'query', sql, params })).rows ?? []
    },
    async batch(statements: Statement[]) {
      if (statements.length > 0) await call({ op: 'batch', statements })
    },
    async stampSubjects(subjects, seconds, ttlSeconds) {
      if (subjects.length > 0) await call({ op: 'stamp', keys: subjects.map((s) => `nbf:${s}`), value: String(seconds), ttl: ttlSeconds })
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
