// The demo shop's own check of the Bearer (called directly, not through the gateway): the shop
// refuses what it would refuse even when the gateway let it through.
import { describe, expect, it } from 'vitest'
import { PASSWORD123_BCRYPT, uniqueEmail } from '../helpers/accounts'
import { shopFetch, shopLogin, shopPost } from '../helpers/shop'
import { customerClaims, mint, nowSeconds, rawToken, serviceClaims } from '../helpers/tokens'
import type { JWTPayload } from 'jose'

const NO_TOKEN = { error: 'unauthorized', message: 'Authentication required', code: 401 }
const BAD_TOKEN = { error: 'unauthorized', message: 'Invalid or expired token', code: 401 }
const OTHER_KEY = new TextEncoder().encode('another-secret-another-secret-another-secret-0123')

const customer1 = (changes: JWTPayload = {}) => mint({ ...customerClaims(1), ...changes })

async function inactiveCustomerToken(): Promise<string> {
  const res = await shopPost('http://shop.test/__demo/shop/customers', { email: uniqueEmail('inactive'), passwordHash: PASSWORD123_BCRYPT, isActive: false })
  const { id, email } = await res.json<{ id: number; email: string }>()
  return mint(customerClaims(id, email))
}

type Row = { name: string; token: () => Promise<string>; path?: string }

const refused: Row[] = [
  { name: 'another secret', token: () => mint(customerClaims(1), { key: OTHER_KEY }) },
  { name: 'alg none', token: async () => rawToken({ alg: 'none', typ: 'JWT' }, customerClaims(1)) },
  { name: 'not a JWT', token: async () => 'abc' },
  { name: 'expired a second ago', token: () => customer1({ exp: nowSeconds() - 1 }) },
  { name: 'expiring now (now >= exp)', token: () => customer1({ exp: nowSeconds() }) },
  { name: 'nbf a minute ahead', token: () => customer1({ nbf: nowSeconds() + 60 }) },
  { name: 'iat a minute ahead', token: () => customer1({ iat: nowSeconds() + 60 }) },
  { name: 'no exp', token: () => customer1({ exp: undefined }) },
  { name: 'no nbf', token: () => customer1({ nbf: undefined }) },
  { name: 'no jti', token: () => customer1({ jti: undefined }) },
  { name: 'jti not 32 hex', token: () => customer1({ jti: 'X'.repeat(32) }) },
  { name: 'another issuer', token: () => customer1({ iss: 'http://evil.localhost/' }) },
  { name: 'another audience', token: () => customer1({ aud: 'other-api' }) },
  { name: 'audience as an array', token: () => customer1({ aud: ['maho-api'] }) },
  { name: 'sub of another customer', token: () => customer1({ sub: 'customer_2' }) },
  { name: 'unknown type', token: () => customer1({ type: 'admin' }) },
  { name: 'a customer the shop does not have', token: () => mint(customerClaims(999_999, 'gone@example.com')) },
  { name: 'an inactive customer', token: inactiveCustomerToken },
  { name: 'the seeded inactive customer 4', token: () => mint(customerClaims(4, 'inactive@example.com')) },
  { name: 'an api user the shop does not have', token: () => mint(serviceClaims(999_999, 'svc', ['all'])) },
  { name: 'a bad token on a public route', token: () => mint(customerClaims(999_999)), path: '/products' },
  { name: 'a bad token on the token endpoint', token: async () => 'abc', path: '/auth/token' },
]

describe('the demo shop refuses a bad Bearer with 401 invalid token', () => {
  for (const { name, token, path = '/customers/me' } of refused) {
    it(`refuses ${name}`, async () => {
      const res = await shopFetch(path, { method: path === '/auth/token' ? 'POST' : 'GET', headers: { Authorization: `Bearer ${await token()}` } })
      expect(res.status).toBe(401)
      expect(res.headers.get('WWW-Authenticate')).toBe('Bearer error="invalid_token"')
      expect(await res.json()).toEqual(BAD_TOKEN)
    })
  }

  it('refuses an empty Bearer', async () => {
    const res = await shopFetch('/products', { headers: { Authorization: 'Bearer ' } })
    expect({ status: res.status, body: await res.json() }).toEqual({ status: 401, body: BAD_TOKEN })
  })
})

describe('the demo shop without a token', () => {
  const cases = [
    { name: 'a customer route', method: 'GET', path: '/customers/me', status: 401 },
    { name: 'an admin route', method: 'POST', path: '/products', status: 401 },
    { name: 'a route the table does not name', method: 'GET', path: '/no-such-route', status: 401 },
    { name: 'a customer route with Basic credentials', method: 'GET', path: '/customers/me', status: 401, basic: true },
    { name: 'a public route', method: 'GET', path: '/products', status: 200 },
    { name: 'a public route with a parameter', method: 'GET', path: '/guest-carts/0123456789abcdef0123456789abcdef/totals', status: 200 },
  ]
  for (const { name, method, path, status, basic } of cases) {
    it(`answers ${status} on ${name}`, async () => {
      const headers: Record<string, string> = basic ? { Authorization: 'Basic YWRtaW46YWRtaW4=' } : {}
      const res = await shopFetch(path, { method, headers })
      expect(res.status).toBe(status)
      if (status === 401) {
        expect(res.headers.get('WWW-Authenticate')).toBe('Bearer')
        expect(await res.json()).toEqual(NO_TOKEN)
      } else {
        expect(await res.json()).toMatchObject({ demo: true, method, path: `/api/rest/v2${path}` })
      }
    })
  }

  it('still echoes paths outside the API (the test hooks and the echo live there)', async () => {
    const res = await shopFetch('http://shop.test/anything?x=1')
    expect(await res.json()).toMatchObject({ demo: true, method: 'GET', path: '/anything?x=1' })
  })
})

describe('the demo shop accepts', () => {
  it('a token the gateway mints (whole-second dates) for a customer it has', async () => {
    const res = await shopFetch('/customers/me', { headers: { Authorization: `Bearer ${await customer1()}` } })
    expect(res.status).toBe(200)
    expect(await res.json()).toMatchObject({ demo: true, data: { id: 1, email: 'customer@example.com', firstName: 'Jane', lastName: 'Doe' } })
  })

  it('its own token (microsecond dates) in the very second it was issued', async () => {
    const token = await shopLogin({ email: 'other@example.com', password: 'password123' })
    const res = await shopFetch('/customers/me', { headers: { Authorization: `Bearer ${token}` } })
    expect(res.status).toBe(200)
    expect(await res.json()).toMatchObject({ data: { id: 2, email: 'other@example.com' } })
  })

  it('a service token for an api user only the shop has, on an admin route', async () => {
    const token = await shopLogin({ grant_type: 'api_user', username: 'integration', api_key: 'demo-integration-key' })
    const res = await shopFetch('/orders', { headers: { Authorization: `Bearer ${token}` } })
    expect(res.status).toBe(200)
    expect(await res.json()).toMatchObject({ demo: true, method: 'GET', path: '/api/rest/v2/orders' })
  })

  it('a customer by id for a service token', async () => {
    const res = await shopFetch('/customers/5', { headers: { Authorization: `Bearer ${await mint(serviceClaims(1, 'admin', ['all']))}` } })
    expect(await res.json()).toMatchObject({ data: { id: 5, email: 'shop-only@example.com', firstName: 'Sam', lastName: 'Shop' } })
  })
})
