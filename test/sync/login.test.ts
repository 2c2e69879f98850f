// After an import, the gateway answers logins of imported accounts from D1 alone (its origin
// refuses every login), for every format the edge verifies; after a password change in the shop
// and an incremental sync, the old password and the old token stop working.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { migratedState, sync, type LocalState } from './d1'
import { startGateway, login, type Gateway } from './gateway'
import { API_USERS, CUSTOMERS, createShop, loadFixture, salted, type Shop } from './shop-fixture'

let shop: Shop
let state: LocalState
let gateway: Gateway

beforeAll(async () => {
  shop = await createShop(inject('mariadbAdminUrl'))
  await loadFixture(shop)
  state = migratedState()
  const { failure } = await sync(shop.url, state)
  expect(failure).toBeNull()
  gateway = await startGateway(state.persistTo)
})
afterAll(async () => {
  await gateway?.dispose()
  await shop?.close()
  state?.remove()
})

const customer = (id: number) => CUSTOMERS.find((c) => c.id === id)!

describe('logins answered from the imported copy', () => {
  const accepted = [
    { name: 'bcrypt $2y$ (its email also has an account in website 2)', id: 1 },
    { name: 'md5 bare', id: 3 },
    { name: 'md5 salted', id: 4 },
    { name: 'sha256 bare', id: 5 },
    { name: 'sha256 salted', id: 6 },
    { name: 'sha512 bare', id: 7 },
    { name: 'sha512 salted', id: 8 },
    { name: 'the kept one of two case-variants of one email in one website', id: 16 },
    { name: "the same email in website 2, by that account's own password", id: 12 },
  ]
  for (const { name, id } of accepted) {
    it(`${name}: 200 with the shop's customer id`, async () => {
      const c = customer(id)
      const response = await login(gateway, { email: c.email, password: c.password })
      expect(response.status).toBe(200)
      const body = (await response.json()) as { customer: { id: number; email: string } }
      expect(body.customer).toMatchObject({ id, email: c.email })
    })
  }

  const refused = [
    { name: 'wrong password for a bcrypt customer', email: 'bcrypt@example.com', password: 'nope-secret-1' },
    { name: 'inactive in the shop', email: 'inactive@example.com', password: customer(10).password },
    { name: 'email not confirmed in the shop', email: 'unconfirmed@example.com', password: customer(11).password },
  ]
  for (const { name, email, password } of refused) {
    it(`${name}: 401 invalid_credentials`, async () => {
      const response = await login(gateway, { email, password })
      expect(response.status).toBe(401)
      expect(await response.json()).toEqual({
        error: 'invalid_credentials',
        message: 'Invalid email or password',
        code: 401,
        error_description: 'Invalid email or password',
      })
    })
  }

  it('api_user and client_credentials grants of an imported api user carry its permissions and stores', async () => {
    const user = API_USERS[2]!
    const byKey = await login(gateway, { grant_type: 'api_user', username: user.username, api_key: user.apiKey })
    expect(byKey.status).toBe(200)
    expect(await byKey.json()).toMatchObject({ apiUser: { id: 3, username: 'storefront' }, permissions: ['orders/read', 'products/all'] })
    const bySecret = await login(gateway, { grant_type: 'client_credentials', client_id: user.clientId, client_secret: user.clientSecret })
    expect(bySecret.status).toBe(200)
    const token = ((await bySecret.json()) as { token: string }).token
    const claims = JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString())
    expect(claims).toMatchObject({ sub: 'api_user_3', permissions: ['orders/read', 'products/all'], allowed_store_ids: [1, 2] })
  })

  it('an api user inactive in the shop is refused with 401 invalid_client', async () => {
    const user = API_USERS[3]!
    const response = await login(gateway, { grant_type: 'api_user', username: user.username, api_key: user.apiKey })
    expect(response.status).toBe(401)
    expect(((await response.json()) as { error: string }).error).toBe('invalid_client')
  })
})

describe('a password changed in the shop, then an incremental sync', () => {
  it('the new password logs in, the old one and the token issued before are refused', async () => {
    const c = customer(4)
    const before = await login(gateway, { email: c.email, password: c.password })
    expect(before.status).toBe(200)
    const { token } = (await before.json()) as { token: string }

    await shop.setPasswordHash(4, salted('md5', 'md5salted-secret-2', 'Zz9'), '2026-01-02 10:00:00')
    const { report, failure } = await sync(shop.url, state)
    expect(failure).toBeNull()
    expect(report.mode).toBe('incremental')
    // Every fixture row shares one updated_at, inside the overlap re-read before the watermark.
    expect(report.customers).toMatchObject({ read: 18, written: 1, updated: 1, unchanged: 13, revoked: 1 })

    expect((await login(gateway, { email: c.email, password: 'md5salted-secret-2' })).status).toBe(200)
    const old = await login(gateway, { email: c.email, password: c.password })
    expect(old.status).toBe(401)
    const call = await gateway.fetch('/api/rest/v2/customers/me', { headers: { authorization: `Bearer ${token}`, 'cf-connecting-ip': '203.0.113.9' } })
    expect(call.status).toBe(401)
  })
})
