// `npm run sync -- --demo`: the demo shop database it starts holds the README's demo accounts in
// the shop's own tables, and a sync from it gives the edge exactly those accounts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startDemoShop, type DemoShop } from '../../scripts/sync/demo'
import { parseOptions } from '../../scripts/sync/options'
import { runSync } from '../../scripts/sync/run'
import { migratedState, readState, ROOT, type LocalState } from './d1'

let demo: DemoShop
let state: LocalState

beforeAll(async () => {
  demo = await startDemoShop(ROOT)
  state = migratedState()
})
afterAll(async () => {
  await demo?.stop()
  state?.remove()
})

describe('the demo shop database of --demo', () => {
  it('syncs the demo customers and api users, with their hashes, status and permissions', async () => {
    const options = parseOptions(['--local', '--persist-to', state.persistTo], { SHOP_DATABASE_URL: demo.url })
    const { report, failure } = await runSync(options, { env: {}, stderr: process.stderr })
    expect({ failure, error: report.error }).toEqual({ failure: null, error: null })
    // 7 customers, and the two with the second factor read once more: every run re-reads those (docs/sync.md).
    expect(report.customers).toMatchObject({ read: 9, written: 7, skipped: 0 })
    expect(report.apiUsers).toMatchObject({ read: 3, written: 3, skipped: 0 })
    const d1 = await readState(state)
    expect(d1.customers.map((c) => [c.id, c.email, c.firstName, c.isActive, c.secondFactor])).toEqual([
      [1, 'customer@example.com', 'Jane', true, false],
      [2, 'other@example.com', 'John', true, false],
      [3, 'legacy@example.com', 'Lee', true, false],
      [4, 'inactive@example.com', 'Ina', false, false],
      [5, 'shop-only@example.com', 'Sam', true, false],
      [6, 'twofa@example.com', 'Tina', true, true],
      [7, 'twofa-shop@example.com', 'Theo', true, true],
    ])
    expect(d1.serviceAccounts.map((s) => [s.id, s.username, s.clientId, s.permissions])).toEqual([
      [1, 'admin', 'maho_00000000000000000000000000000001', ['all']],
      [2, 'catalog', 'maho_00000000000000000000000000000002', ['categories/all', 'products/all']],
      [3, 'integration', 'maho_00000000000000000000000000000003', ['orders/read']],
    ])
  })

  it('its sync user may only read', async () => {
    const { createConnection } = await import('mysql2/promise')
    const reader = await createConnection({ uri: demo.url })
    try {
      await expect(reader.query('DELETE FROM customer_entity')).rejects.toThrow(/denied/i)
    } finally {
      await reader.end()
    }
  })
})
