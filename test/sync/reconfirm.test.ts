// A run re-confirms the copies it tracks: confirmed_at moves to the run's start once it is older than
// half the confirmation age, so synced copies never age out of SHOP_CONFIRM_AGE_SECONDS, and no row
// is rewritten on every run. NULL ("ask the shop first") and copies without a shop hash are left alone.
import { eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { customers, serviceAccounts } from '../../src/db/schema'
import type { targetDb } from '../../src/sync/target'
import { inLocalD1, migratedState, readState, sync, type LocalState } from './d1'
import { createShop, loadFixture, type Shop } from './shop-fixture'

// Fixed clocks, far from the wall clock: the test never depends on when it runs.
const IMPORTED = 1_800_000_000
const DAY_LATER = IMPORTED + 50_000 // older than half of 86400
let shop: Shop
let state: LocalState

beforeAll(async () => {
  shop = await createShop(inject('mariadbAdminUrl'))
  await loadFixture(shop)
  state = migratedState()
  expect((await sync(shop.url, state, [], { now: () => IMPORTED })).failure).toBeNull()
})
afterAll(async () => {
  await shop?.close()
  state?.remove()
})

const inD1 = <T>(work: (db: ReturnType<typeof targetDb>) => Promise<T>) => inLocalD1(state, work)

describe('re-confirming tracked copies', () => {
  // A customer id the fixture shop does not have.
  const untracked = 9000
  let asked = 0,
    recent = 0,
    askedService = 0

  it('the import confirmed every copy at the run; the gateway then marks some', async () => {
    const d1 = await readState(state)
    expect(d1.customers.length).toBeGreaterThan(4)
    for (const row of [...d1.customers, ...d1.serviceAccounts]) expect(row.confirmedAt).toBe(IMPORTED)
    ;[asked = 0, recent = 0] = d1.customers.map((c) => c.id)
    askedService = d1.serviceAccounts[0]!.id
    await inD1(async (db) => {
      // A write-through that could not confirm its change: the next login asks the shop first.
      await db.update(customers).set({ confirmedAt: null }).where(eq(customers.id, asked)).run()
      await db.update(serviceAccounts).set({ confirmedAt: null }).where(eq(serviceAccounts.id, askedService)).run()
      // A copy the shop fallback made (no shop hash known) of an account the shop has not got in
      // this database: the sync does not track it (inactive, so the deleted-account sweep skips it too).
      await db
        .insert(customers)
        .values({
          id: untracked,
          email: 'fallback@example.com',
          emailKey: 'fallback@example.com',
          passwordHash: '$2y$10$vz1yDUpa.L7rdm32qK6Q5erQUUMF9.aownmitafDxmhLxBLOjOPyu',
          isActive: false,
          confirmedAt: IMPORTED,
        })
        .run()
      // Confirmed by a shop login a moment ago.
      await db
        .update(customers)
        .set({ confirmedAt: DAY_LATER - 1000 })
        .where(eq(customers.id, recent))
        .run()
    })
  })

  it('a dry run and a --since run leave confirmed_at alone', async () => {
    const before = await readState(state)
    for (const flags of [['--dry-run'], ['--since', '2030-01-01']]) {
      const { report, failure } = await sync(shop.url, state, flags, { now: () => DAY_LATER })
      expect({ flags, failure, reconfirmed: report.reconfirmed }).toEqual({ flags, failure: null, reconfirmed: { customers: 0, apiUsers: 0 } })
    }
    expect(await readState(state)).toEqual(before)
  })

  it('a run a day later moves every old tracked copy to its start and nothing else', async () => {
    const before = await readState(state)
    const { report, failure } = await sync(shop.url, state, [], { now: () => DAY_LATER })
    expect({ failure, error: report.error }).toEqual({ failure: null, error: null })
    expect(report.customers).toMatchObject({ written: 0, revoked: 0 })
    const d1 = await readState(state)
    const customer = new Map(d1.customers.map((c) => [c.id, c]))
    expect(customer.get(asked)?.confirmedAt).toBeNull()
    expect(customer.get(untracked)?.confirmedAt).toBe(IMPORTED)
    expect(customer.get(recent)?.confirmedAt).toBe(DAY_LATER - 1000)
    const bumped = d1.customers.filter((c) => ![asked, untracked, recent].includes(c.id))
    for (const row of bumped) expect({ id: row.id, confirmedAt: row.confirmedAt }).toEqual({ id: row.id, confirmedAt: DAY_LATER })
    const service = new Map(d1.serviceAccounts.map((s) => [s.id, s]))
    expect(service.get(askedService)?.confirmedAt).toBeNull()
    const bumpedServices = d1.serviceAccounts.filter((s) => s.id !== askedService)
    for (const row of bumpedServices) expect({ id: row.id, confirmedAt: row.confirmedAt }).toEqual({ id: row.id, confirmedAt: DAY_LATER })
    expect(report.reconfirmed).toEqual({ customers: bumped.length, apiUsers: bumpedServices.length })
    // Only confirmed_at moved: every other column is as it was.
    const strip = <T extends { confirmedAt: number | null }>(rows: T[]) => rows.map(({ confirmedAt: _c, ...rest }) => rest)
    expect(strip(d1.customers)).toEqual(strip(before.customers))
    expect(strip(d1.serviceAccounts)).toEqual(strip(before.serviceAccounts))
  })

  it('running it again writes nothing', async () => {
    const before = await readState(state)
    const { report, failure } = await sync(shop.url, state, [], { now: () => DAY_LATER + 300 })
    expect(failure).toBeNull()
    expect(report.reconfirmed).toEqual({ customers: 0, apiUsers: 0 })
    expect(report.customers).toMatchObject({ written: 0 })
    expect(await readState(state)).toEqual(before)
  })

  it("--confirm-age takes the gateway's age: half of 3600 s is already past after 2000 s", async () => {
    const later = DAY_LATER + 2000
    const { report, failure } = await sync(shop.url, state, ['--confirm-age', '3600'], { now: () => later })
    expect(failure).toBeNull()
    expect(report.reconfirmed.customers).toBeGreaterThan(0)
    const d1 = await readState(state)
    const ids = d1.customers.filter((c) => c.confirmedAt === later).map((c) => c.id)
    expect(ids).toHaveLength(report.reconfirmed.customers)
    // The copy confirmed 3000 s earlier than the rest is older still: it moves too.
    expect(ids).toContain(recent)
    const customer = new Map(d1.customers.map((c) => [c.id, c.confirmedAt]))
    expect([customer.get(asked), customer.get(untracked)]).toEqual([null, IMPORTED])
  })
})
