// A local D1 + KV state folder per test file, migrated by wrangler exactly as `npm start` does, and
// the sync run in-process against it.
import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Miniflare, convertV4MiniflareOptions } from 'miniflare'
import { customers, serviceAccounts, syncState } from '../../src/db/schema'
import { parseOptions, type SyncOptions } from '../../scripts/sync/options'
import { runSync, type SyncDeps, type SyncResult } from '../../scripts/sync/run'
import { openLocalTarget } from '../../scripts/sync/local-target'
import { targetDb } from '../../src/sync/target'

// npm scripts and vitest run from the package root (also when this file is bundled, as by bench:sync).
export const ROOT = `${process.cwd()}/`
const WRANGLER = join(ROOT, 'node_modules/.bin/wrangler')
export const WRANGLER_ENV = { ...process.env, CLOUDFLARE_CF_FETCH_ENABLED: 'false', WRANGLER_SEND_METRICS: 'false' }

export interface LocalState {
  persistTo: string
  remove(): void
}

export function migratedState(): LocalState {
  const persistTo = mkdtempSync(join(tmpdir(), 'gatehouse-d1-'))
  const result = spawnSync(WRANGLER, ['d1', 'migrations', 'apply', 'DB', '--local', '--persist-to', persistTo], {
    cwd: ROOT,
    env: WRANGLER_ENV,
    encoding: 'utf8',
  })
  if (result.status !== 0) throw new Error(`wrangler d1 migrations apply failed:\n${result.stdout}${result.stderr}`)
  return { persistTo, remove: () => rmSync(persistTo, { recursive: true, force: true }) }
}

/** Runs the sync in this process with CLI flags, as `npm run sync -- --local ...` would. */
export async function sync(url: string, state: LocalState, flags: string[] = [], deps: Partial<SyncDeps> = {}): Promise<SyncResult> {
  const options: SyncOptions = parseOptions(['--local', '--persist-to', state.persistTo, '--table-prefix', 'shop_', ...flags], { SHOP_DATABASE_URL: url })
  return runSync(options, { env: {}, stderr: process.stderr, ...deps })
}

/** What D1 and KV hold now. */
export async function readState(state: LocalState) {
  const target = await openLocalTarget({ config: join(ROOT, 'wrangler.toml'), env: null, persistTo: state.persistTo })
  try {
    const db = targetDb(target)
    const rows = {
      customers: await db.select().from(customers).orderBy(customers.id),
      serviceAccounts: await db.select().from(serviceAccounts).orderBy(serviceAccounts.id),
      syncState: await db.select().from(syncState),
    }
    return rows
  } finally {
    await target.close()
  }
}

/** KV values of these keys in the local REVOKED namespace. */
export async function readKv(state: LocalState, keys: string[]): Promise<Record<string, string | null>> {
  const mf = new Miniflare(
    convertV4MiniflareOptions({
      modules: true,
      script: 'export default {}',
      resourcePersistencePath: join(state.persistTo, 'v3'),
      kvNamespaces: { REVOKED: '00000000000000000000000000000000' },
    }),
  )
  try {
    const kv = await mf.getKVNamespace('REVOKED')
    const out: Record<string, string | null> = {}
    for (const key of keys) out[key] = (await kv.get(key, 'text')) as string | null
    return out
  } finally {
    await mf.dispose()
  }
}

/** Runs `work` against the state's local D1 through the sync's own target, then closes it. */
export async function inLocalD1<T>(state: LocalState, work: (db: ReturnType<typeof targetDb>) => Promise<T>): Promise<T> {
  const target = await openLocalTarget({ config: `${ROOT}wrangler.toml`, env: null, persistTo: state.persistTo })
  try {
    return await work(targetDb(target))
  } finally {
    await target.close()
  }
}
