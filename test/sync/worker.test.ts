// The sync Worker's Cron Trigger (src/sync/worker.ts, wrangler.sync.toml) against a real MariaDB
// through Miniflare's Hyperdrive: a scheduled run leaves D1 as `npm run sync` does, carries later
// changes over, and a run that cannot read the shop fails the cron run and writes nothing.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { securityEvents } from '../../src/db/schema'
import { inLocalD1, migratedState, readKv, readState, sync, type LocalState } from './d1'
import { createShop, loadFixture, salted, type Shop } from './shop-fixture'
import { startSyncWorker, type SyncWorker } from './sync-worker'

const T1 = '2026-01-02 10:00:00'
const PREFIX = { SHOP_TABLE_PREFIX: 'shop_' }
let shop: Shop
let state: LocalState
let worker: SyncWorker
const states: LocalState[] = []

beforeAll(async () => {
  shop = await createShop(inject('mariadbAdminUrl'))
  await loadFixture(shop)
  state = migratedState()
  worker = await startSyncWorker(state.persistTo, shop.url, PREFIX)
})
afterAll(async () => {
  await worker?.dispose()
  await shop?.close()
  for (const s of [state, ...states]) s?.remove()
})

function freshState(): LocalState {
  const s = migratedState()
  states.push(s)
  return s
}

// confirmed_at is the moment of each run; everything else must match column for column.
const withoutTimes = <T extends object>(rows: T[]) => rows.map((row) => Object.fromEntries(Object.entries(row).filter(([key]) => !key.endsWith('At'))))
const runLines = (w: SyncWorker) => w.logs.filter((l): l is Record<string, unknown> => (l as { event?: string })?.event === 'sync_run')

describe('the sync Worker on its Cron Trigger', () => {
  it('a first run copies the shop exactly as the command-line import does', async () => {
    expect(await worker.scheduled()).toBe('ok')
    const cli = freshState()
    expect((await sync(shop.url, cli)).failure).toBeNull()
    const [edge, local] = [await readState(state), await readState(cli)]
    expect(edge.customers.length).toBeGreaterThan(10)
    expect(withoutTimes(edge.customers)).toEqual(withoutTimes(local.customers))
    expect(withoutTimes(edge.serviceAccounts)).toEqual(withoutTimes(local.serviceAccounts))
    expect(edge.syncState).toEqual(local.syncState)
    const [line] = runLines(worker)
    expect(line).toMatchObject({ event: 'sync_run', mode: 'full', failure: null, customersInserted: edge.customers.length })
    const trail = await inLocalD1(state, (db) => db.select().from(securityEvents))
    expect(trail.map((e) => [e.kind, (e.detail as { mode?: string }).mode])).toEqual([['sync_run', 'full']])
  })

  it('the next run reads from the watermark, takes a changed password and revokes its tokens', async () => {
    await shop.setPasswordHash(6, salted('sha256', 'changed-in-the-shop-1', 'pepper'), T1)
    expect(await worker.scheduled()).toBe('ok')
    const line = runLines(worker).at(-1)
    expect(line).toMatchObject({ mode: 'incremental', customersUpdated: 1, customersRevoked: 1, failure: null })
    const six = (await readState(state)).customers.find((c) => c.id === 6)
    expect(six?.shopPasswordHash).toBe(salted('sha256', 'changed-in-the-shop-1', 'pepper'))
    expect(Number((await readKv(state, ['nbf:customer_6']))['nbf:customer_6'])).toBeGreaterThan(0)
  })

  it('a database that refuses the login fails the cron run, writes nothing and never logs the password', async () => {
    const empty = freshState()
    const wrong = new URL(shop.url)
    wrong.password = 'not-the-password-0123'
    const refused = await startSyncWorker(empty.persistTo, wrong.href, PREFIX)
    try {
      expect(await refused.scheduled()).toBe('exception')
      expect(runLines(refused)).toEqual([expect.objectContaining({ failure: 'connect', customersRead: 0 })])
      expect(JSON.stringify(refused.logs)).not.toContain('not-the-password-0123')
    } finally {
      await refused.dispose()
    }
    const after = await readState(empty)
    expect([after.customers, after.serviceAccounts, after.syncState]).toEqual([[], [], []])
  })

  it('a table prefix that is not a table name fails before anything is opened', async () => {
    const empty = freshState()
    const bad = await startSyncWorker(empty.persistTo, shop.url, { SHOP_TABLE_PREFIX: 'shop_` WHERE 1; --' })
    try {
      expect(await bad.scheduled()).toBe('exception')
      expect(bad.logs).toContainEqual(expect.objectContaining({ event: 'sync_failed', failure: 'usage' }))
      expect(runLines(bad)).toEqual([])
    } finally {
      await bad.dispose()
    }
    expect((await readState(empty)).customers).toEqual([])
  })
})
