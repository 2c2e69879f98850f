// A full import of the fixture shop into a fresh local D1: what lands, what the report says, and
// that a second run and a dry run change nothing.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { migratedState, readKv, readState, sync, type LocalState } from './d1'
import { API_USERS, CUSTOMERS, createShop, loadFixture, type Shop } from './shop-fixture'

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

describe('full import', () => {
  it('a dry run reports what it would write and writes nothing', async () => {
    const { report, failure } = await sync(shop.url, state, ['--dry-run'])
    expect(failure).toBeNull()
    expect(report.dryRun).toBe(true)
    expect(report.customers).toMatchObject({ read: 18, written: 14, inserted: 14, skipped: 4 })
    const d1 = await readState(state)
    expect(d1.customers).toEqual([])
    expect(d1.serviceAccounts).toEqual([])
    expect(d1.syncState).toEqual([])
  })

  it('imports every usable customer and api user and reports the rest', async () => {
    const { report, failure, unexpected } = await sync(shop.url, state)
    expect({ failure, unexpected, error: report.error }).toEqual({ failure: null, unexpected: false, error: null })
    expect(report.mode).toBe('full')
    expect(report.customers).toEqual({ read: 18, written: 14, inserted: 14, updated: 0, unchanged: 0, deactivated: 0, revoked: 0, skipped: 4 })
    expect(report.apiUsers).toEqual({ read: 4, written: 4, inserted: 4, updated: 0, unchanged: 0, deactivated: 0, revoked: 0, skipped: 0 })
    expect(report.customerHashes).toEqual({
      bcrypt: 2,
      argon2: 1,
      md5: 6,
      'md5-salted': 1,
      sha256: 1,
      'sha256-salted': 1,
      sha512: 1,
      'sha512-salted': 1,
      pbkdf2: 0,
      unknown: 2,
    })
    expect(report.apiUserHashes).toMatchObject({ bcrypt: 8, unknown: 0 })
    expect(report.skippedRows).toEqual([
      { kind: 'customer', id: 13, reason: 'empty password hash' },
      { kind: 'customer', id: 14, reason: 'empty password hash' },
      { kind: 'customer', id: 15, reason: 'bad email' },
      { kind: 'customer', id: 17, reason: 'duplicate email in website 1 (customer 16 has it)' },
    ])
    expect(report.watermark).toEqual({ updatedAt: '2026-01-01 10:00:00', lastId: 18 })
  })

  it('D1 holds the shop hashes as they were, with the shop hash recorded and the website kept', async () => {
    const { customers } = await readState(state)
    const byId = new Map(customers.map((c) => [c.id, c]))
    expect([...byId.keys()]).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 16, 18])
    for (const fixture of CUSTOMERS.filter((c) => byId.has(c.id))) {
      const row = byId.get(fixture.id)!
      expect(row).toMatchObject({ email: fixture.email, websiteId: fixture.website, passwordHash: fixture.hash, shopPasswordHash: fixture.hash })
      expect(row.confirmedAt).toEqual(expect.any(Number))
    }
    expect(byId.get(1)).toMatchObject({ firstName: 'Bea', lastName: 'Crypt', isActive: true })
    expect(byId.get(10)?.isActive).toBe(false)
    expect(byId.get(11)?.isActive).toBe(false)
    expect(byId.get(12)).toMatchObject({ email: 'bcrypt@example.com', websiteId: 2, isActive: true })
  })

  it("api users get their groups' allow rules as permissions, `all` alone, and their store limits", async () => {
    const { serviceAccounts } = await readState(state)
    expect(
      serviceAccounts.map(({ id, username, clientId, isActive, permissions, allowedStoreIds }) => ({
        id,
        username,
        clientId,
        isActive,
        permissions,
        allowedStoreIds,
      })),
    ).toEqual([
      { id: 1, username: 'admin', clientId: API_USERS[0]!.clientId, isActive: true, permissions: ['all'], allowedStoreIds: null },
      {
        id: 2,
        username: 'catalog',
        clientId: API_USERS[1]!.clientId,
        isActive: true,
        permissions: ['categories/read', 'orders/read', 'products/all'],
        allowedStoreIds: null,
      },
      {
        id: 3,
        username: 'storefront',
        clientId: API_USERS[2]!.clientId,
        isActive: true,
        permissions: ['orders/read', 'products/all'],
        allowedStoreIds: [1, 2],
      },
      {
        id: 4,
        username: 'retired',
        clientId: API_USERS[3]!.clientId,
        isActive: false,
        permissions: ['categories/read', 'products/all'],
        allowedStoreIds: null,
      },
    ])
    for (const account of serviceAccounts) {
      expect(account.apiKeyHash).toBe(account.shopApiKeyHash)
      expect(account.clientSecretHash).toBe(account.shopClientSecretHash)
      expect(account.apiKeyHash).toMatch(/^\$2y\$04\$/)
    }
  })

  it('a second run reads everything again and changes nothing', async () => {
    const before = await readState(state)
    const { report, failure } = await sync(shop.url, state, ['--full'])
    expect(failure).toBeNull()
    expect(report.customers).toEqual({ read: 18, written: 0, inserted: 0, updated: 0, unchanged: 14, deactivated: 0, revoked: 0, skipped: 4 })
    expect(report.apiUsers).toEqual({ read: 4, written: 0, inserted: 0, updated: 0, unchanged: 4, deactivated: 0, revoked: 0, skipped: 0 })
    expect(await readState(state)).toEqual(before)
    expect(await readKv(state, ['nbf:customer_1', 'nbf:api_user_1'])).toEqual({ 'nbf:customer_1': null, 'nbf:api_user_1': null })
  })
})
