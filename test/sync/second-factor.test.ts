// The shop's second factor reaches the edge copy through the sync (docs/credentials.md "The second
// factor"): `second_factor` = twofa_enabled AND allow_2fa for the customer's website, as the shop
// reads its config; a copy with it on never answers a login from the password alone. And a shop
// whose tables lack what the sync reads is named table by table, column by column.
import { eq, inArray } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { customers } from '../../src/db/schema'
import { inLocalD1, migratedState, sync, type LocalState } from './d1'
import { startGateway, login, type Gateway } from './gateway'
import { bcrypt2y, createShop, loadFixture, T0, type FixtureCustomer, type Shop } from './shop-fixture'

const T1 = '2026-01-02 10:00:00'
const password = 'twofa-secret-1'
const hash = bcrypt2y(password, 4)
// Website 1 keeps the built-in default (allow_2fa on); website 2 turns it off.
const TWOFA: FixtureCustomer[] = [
  { id: 31, email: 'twofa-on@example.com', website: 1, password, hash, twofaEnabled: true },
  { id: 32, email: 'twofa-w2@example.com', website: 2, password, hash, twofaEnabled: true },
  { id: 33, email: 'twofa-later@example.com', website: 1, password, hash },
  { id: 34, email: 'twofa-unconfirmed@example.com', website: 1, password, hash, twofaEnabled: true, confirmation: 'k3y' },
]

let shop: Shop
let state: LocalState
let gateway: Gateway

beforeAll(async () => {
  shop = await createShop(inject('mariadbAdminUrl'))
  await loadFixture(shop)
  for (const c of TWOFA) await shop.insertCustomer(c)
  await shop.setAllow2fa('websites', 2, '0')
  state = migratedState()
  expect((await sync(shop.url, state)).failure).toBeNull()
  gateway = await startGateway(state.persistTo)
})
afterAll(async () => {
  await gateway?.dispose()
  await shop?.close()
  state?.remove()
})

async function flags(): Promise<Record<number, { secondFactor: boolean; isActive: boolean }>> {
  const rows = await inLocalD1(state, (db) =>
    db
      .select({ id: customers.id, secondFactor: customers.secondFactor, isActive: customers.isActive })
      .from(customers)
      .where(
        inArray(
          customers.id,
          TWOFA.map((c) => c.id),
        ),
      )
      .all(),
  )
  return Object.fromEntries(rows.map((r) => [r.id, { secondFactor: r.secondFactor, isActive: r.isActive }]))
}

describe('the import', () => {
  it('marks exactly the customers the shop would ask for a code; the EAV confirmation still holds a copy back', async () => {
    expect(await flags()).toEqual({
      31: { secondFactor: true, isActive: true },
      32: { secondFactor: false, isActive: true },
      33: { secondFactor: false, isActive: true },
      34: { secondFactor: true, isActive: false },
    })
  })

  it('a marked copy never answers from the password alone: the login goes to the shop (here: refused)', async () => {
    const res = await login(gateway, { email: 'twofa-on@example.com', password })
    expect(res.status).toBe(401)
  })

  it('where allow_2fa is off, the shop never asks: the copy answers', async () => {
    const res = await login(gateway, { email: 'twofa-w2@example.com', password })
    expect(res.status).toBe(200)
  })
})

describe('incremental runs', () => {
  it("carry a second factor turned on in the shop's storefront (its save moves updated_at)", async () => {
    expect((await login(gateway, { email: 'twofa-later@example.com', password })).status).toBe(200)
    await shop.sql.query('UPDATE shop_customer_entity SET twofa_enabled = 1, twofa_secret = ?, updated_at = ? WHERE entity_id = 33', ['aes:enc', T1])
    expect((await sync(shop.url, state)).failure).toBeNull()
    expect((await flags())[33]).toEqual({ secondFactor: true, isActive: true })
    expect((await login(gateway, { email: 'twofa-later@example.com', password })).status).toBe(401)
  })

  it("follow allow_2fa changed in the shop's config, which touches no customer row", async () => {
    await shop.setAllow2fa('websites', 2, null)
    await shop.setAllow2fa('default', 0, '0')
    await shop.setAllow2fa('stores', 3, '1')
    expect((await sync(shop.url, state)).failure).toBeNull()
    // Off by default now; on in store view 3 of website 2: website 2's customers may be asked.
    expect(await flags()).toMatchObject({ 31: { secondFactor: false }, 32: { secondFactor: true }, 33: { secondFactor: false } })
  })

  it('turn the flag off when the customer turns the second factor off', async () => {
    await shop.setAllow2fa('default', 0, null)
    await shop.sql.query('UPDATE shop_customer_entity SET twofa_enabled = 0, twofa_secret = NULL, updated_at = ? WHERE entity_id = 31', [T1])
    expect((await sync(shop.url, state)).failure).toBeNull()
    expect((await flags())[31]).toEqual({ secondFactor: false, isActive: true })
    expect((await inLocalD1(state, (db) => db.select().from(customers).where(eq(customers.id, 31)).get()))?.email).toBe('twofa-on@example.com')
  })
})

describe('a shop whose tables differ', () => {
  const cases = [
    {
      name: 'no twofa_enabled column (a shop before the second factor)',
      change: 'ALTER TABLE {p}customer_entity DROP COLUMN twofa_enabled',
      says: 'missing column {p}customer_entity.twofa_enabled (a shop older than the 26.7 line?)',
    },
    { name: 'no core_config_data table', change: 'DROP TABLE {p}core_config_data', says: 'missing table {p}core_config_data' },
    {
      name: 'an api_user without the API Platform columns',
      change: 'ALTER TABLE {p}api_user DROP COLUMN client_secret, DROP COLUMN allowed_store_ids',
      says: 'missing column {p}api_user.client_secret, column {p}api_user.allowed_store_ids',
    },
    {
      name: 'confirmation as a column (the hand-written schema of old): still read from the EAV table',
      change: 'ALTER TABLE {p}customer_entity ADD COLUMN confirmation varchar(64) DEFAULT NULL',
      says: null,
    },
  ]
  // One D1 for the table: a refused run writes nothing, and the one run that passes comes last.
  let fresh: LocalState
  beforeAll(() => {
    fresh = migratedState()
  })
  afterAll(() => fresh?.remove())

  for (const { name, change, says } of cases) {
    it(`${name}: ${says ? 'exit 5, naming it, nothing written' : 'runs'}`, async () => {
      const other = await createShop(inject('mariadbAdminUrl'), 'x_')
      try {
        await other.insertCustomer({ id: 1, email: 'one@example.com', website: 1, password, hash }, T0)
        await other.sql.query(change.replaceAll('{p}', 'x_'))
        const result = await sync(other.url, fresh, ['--table-prefix', 'x_'])
        if (says === null) {
          expect(result.failure).toBeNull()
          expect(result.report.customers.inserted).toBe(1)
        } else {
          expect(result.failure).toBe('shop_schema')
          expect(result.report.error).toBe(`the shop's tables are not as expected: ${says.replaceAll('{p}', 'x_')}`)
          expect(result.report.customers.written).toBe(0)
          expect((await inLocalD1(fresh, (db) => db.select().from(customers).all())).length).toBe(0)
        }
      } finally {
        await other.close()
      }
    })
  }
})
