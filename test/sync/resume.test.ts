// A run that dies part-way (the target refuses its third batch) keeps what it wrote and the
// watermark of the last batch that landed; the next run resumes there, without duplicates or gaps.
import { afterAll, beforeAll, expect, inject, it } from 'vitest'
import { openLocalTarget } from '../../scripts/sync/local-target'
import type { SyncOptions } from '../../scripts/sync/options'
import type { SyncTarget } from '../../src/sync/target'
import { ROOT, migratedState, readState, sync, type LocalState } from './d1'
import { createShop, salted, type Shop } from './shop-fixture'

let shop: Shop
let state: LocalState

beforeAll(async () => {
  shop = await createShop(inject('mariadbAdminUrl'))
  // 30 customers an hour apart, so the watermark of each batch is a distinct time.
  for (let i = 1; i <= 30; i++) {
    const at = new Date(Date.UTC(2026, 0, 1, i)).toISOString().slice(0, 19).replace('T', ' ')
    await shop.insertCustomer({ id: i, email: `c${i}@example.com`, website: 1, password: 'x', hash: salted('md5', `secret-${i}`, 's') }, at)
  }
  state = migratedState()
})
afterAll(async () => {
  await shop?.close()
  state?.remove()
})

/** The local target, failing from its `failAt`-th batch on, like a process killed mid-run. */
function failingTarget(failAt: number) {
  return async (options: SyncOptions): Promise<SyncTarget> => {
    const target = await openLocalTarget({ config: `${ROOT}wrangler.toml`, env: null, persistTo: options.persistTo })
    let batches = 0
    return {
      ...target,
      name: target.name,
      query: (s) => target.query(s),
      stampSubjects: (...a) => target.stampSubjects(...a),
      close: () => target.close(),
      batch: async (statements) => {
        if (++batches >= failAt) throw new Error('injected: the connection to D1 dropped')
        await target.batch(statements)
      },
    }
  }
}

it('stops with a partial failure after two batches, then resumes after the last batch written', async () => {
  const first = await sync(shop.url, state, ['--batch-size', '5'], { openTarget: failingTarget(3) })
  expect(first.failure).toBe('partial')
  expect(first.report.error).toBe('injected: the connection to D1 dropped')
  let d1 = await readState(state)
  expect(d1.customers.map((c) => c.id)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10])
  expect(d1.syncState).toEqual([{ source: 'customers', updatedAt: '2026-01-01 10:00:00', lastId: 10 }])

  const second = await sync(shop.url, state, ['--batch-size', '5'])
  expect(second.failure).toBeNull()
  expect(second.report.mode).toBe('incremental')
  // From the watermark minus the re-read window: customer 10 again (unchanged), then 11-30.
  expect(second.report.customers).toMatchObject({ read: 21, inserted: 20, unchanged: 1 })
  d1 = await readState(state)
  expect(d1.customers.map((c) => c.id)).toEqual(Array.from({ length: 30 }, (_, i) => i + 1))
  expect(d1.syncState).toEqual([{ source: 'customers', updatedAt: '2026-01-02 06:00:00', lastId: 30 }])
})
