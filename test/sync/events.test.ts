// Each sync run that writes leaves one sync_run row in the security-event trail, with its counts;
// a dry run leaves none (docs/operations.md "Security events").
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { securityEvents } from '../../src/db/schema'
import { inLocalD1, migratedState, sync, type LocalState } from './d1'
import { createShop, loadFixture, type Shop } from './shop-fixture'

const IMPORTED = 1_800_000_000
let shop: Shop
let state: LocalState

beforeAll(async () => {
  shop = await createShop(inject('mariadbAdminUrl'))
  await loadFixture(shop)
  state = migratedState()
})
afterAll(async () => {
  await shop?.close()
  state?.remove()
})

const trail = () => inLocalD1(state, (db) => db.select().from(securityEvents).orderBy(securityEvents.at))

describe('sync runs in the event trail', () => {
  it('a full run, a dry run and an incremental run: two sync_run rows with their counts', async () => {
    expect((await sync(shop.url, state, [], { now: () => IMPORTED })).failure).toBeNull()
    expect((await sync(shop.url, state, ['--dry-run'], { now: () => IMPORTED + 10 })).failure).toBeNull()
    const again = await sync(shop.url, state, [], { now: () => IMPORTED + 20 })
    expect(again.failure).toBeNull()
    const rows = await trail()
    expect(rows.map(({ at, kind, subject, ip, requestId }) => ({ at, kind, subject, ip, requestId }))).toEqual([
      { at: IMPORTED, kind: 'sync_run', subject: null, ip: null, requestId: null },
      { at: IMPORTED + 20, kind: 'sync_run', subject: null, ip: null, requestId: null },
    ])
    expect(rows[0]!.detail).toEqual({
      mode: 'full',
      customers: expect.any(Number),
      serviceAccounts: expect.any(Number),
      deactivated: expect.any(Number),
      revoked: expect.any(Number),
      failed: false,
    })
    expect(rows[0]!.detail.customers).toBeGreaterThan(0)
    expect(rows[1]!.detail).toMatchObject({
      mode: 'incremental',
      customers: again.report.customers.written,
      serviceAccounts: again.report.apiUsers.written,
      failed: false,
    })
  })
})
