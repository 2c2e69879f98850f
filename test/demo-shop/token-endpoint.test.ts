// The demo shop's own POST /auth/token, called directly as the gateway's fallback calls it.
import { describe, expect, it } from 'vitest'
import { payloadText, shopFetch, shopPost, verifyShopToken } from '../helpers/shop'

const MICROSECOND_DATE = /^\d{10}\.\d{1,6}$/
const CUSTOMER = { email: 'customer@example.com', password: 'password123' }
const bad = (error: string, message: string, code: number) => ({ error, message, code })

async function login(body: unknown) {
  const res = await shopPost('/auth/token', body)
  return { res, body: await res.json<Record<string, unknown>>() }
}

/** The numbers of iat, nbf and exp exactly as written in the token. */
function writtenDates(token: string): string[] {
  const text = payloadText(token)
  return ['iat', 'nbf', 'exp'].map((name) => new RegExp(`"${name}":([0-9.]+)`).exec(text)?.[1] ?? '')
}

describe('demo shop POST /auth/token, customer grant', () => {
  it("answers the shop code's fields, cart fields included, with a token of the shop's claims", async () => {
    const { res, body } = await login(CUSTOMER)
    expect(res.status).toBe(200)
    expect(res.headers.get('Cache-Control')).toBe('no-store')
    expect(body).toEqual({
      token: expect.any(String),
      token_type: 'Bearer',
      expires_in: 3600,
      customer: { id: 1, email: 'customer@example.com', firstName: 'Jane', lastName: 'Doe' },
      cartId: null,
      cartMaskedId: null,
      cartItemsQty: 0,
    })
    const { payload, protectedHeader } = await verifyShopToken(body.token as string)
    expect(protectedHeader).toEqual({ alg: 'HS256', typ: 'JWT' })
    const iat = payload.iat!
    expect(payload).toEqual({
      iss: 'http://shop.localhost/',
      aud: 'maho-api',
      jti: expect.stringMatching(/^[0-9a-f]{32}$/),
      sub: 'customer_1',
      customer_id: 1,
      email: 'customer@example.com',
      type: 'customer',
      roles: ['ROLE_CUSTOMER'],
      iat,
      nbf: iat,
      exp: expect.closeTo(iat + 3600, 6),
    })
  })

  it('writes iat, nbf and exp as seconds with microseconds, never in the future', async () => {
    const before = Date.now() / 1000
    const { body } = await login(CUSTOMER)
    const [iat, nbf, exp] = writtenDates(body.token as string)
    for (const date of [iat, nbf, exp]) expect(date).toMatch(MICROSECOND_DATE)
    expect(nbf).toBe(iat)
    expect(exp!.split('.')[1]).toBe(iat!.split('.')[1])
    expect(Number(exp!.split('.')[0]) - Number(iat!.split('.')[0])).toBe(3600)
    expect(Number(iat)).toBeLessThanOrEqual(Date.now() / 1000)
    expect(Number(iat)).toBeGreaterThan(before - 1)
  })

  it('takes username as an alias of email, case-insensitively', async () => {
    const { res, body } = await login({ username: 'Customer@Example.com', password: 'password123' })
    expect(res.status).toBe(200)
    expect(body.customer).toEqual({ id: 1, email: 'customer@example.com', firstName: 'Jane', lastName: 'Doe' })
  })

  it('logs in the customer only the shop has (Sam Shop)', async () => {
    const { res, body } = await login({ email: 'shop-only@example.com', password: 'password123' })
    expect(res.status).toBe(200)
    expect(body.customer).toEqual({ id: 5, email: 'shop-only@example.com', firstName: 'Sam', lastName: 'Shop' })
  })

  it('logs in the legacy md5 customer and keeps logging it in after the upgrade to bcrypt', async () => {
    for (let i = 0; i < 2; i++) {
      const { res, body } = await login({ email: 'legacy@example.com', password: 'password123' })
      expect(res.status).toBe(200)
      expect(body.customer).toEqual({ id: 3, email: 'legacy@example.com', firstName: 'Lee', lastName: 'Gacy' })
    }
    const state = await (await shopFetch('http://shop.test/__demo/shop/customers?email=legacy@example.com')).json<{ passwordHash: string }>()
    expect(state.passwordHash).toMatch(/^\$2y\$10\$/)
    expect((await login({ email: 'legacy@example.com', password: 'password124' })).res.status).toBe(401)
  })

  const refused = [
    { name: 'wrong password', input: { ...CUSTOMER, password: 'password124' } },
    { name: 'unknown email', input: { email: 'nobody@example.com', password: 'password123' } },
    { name: 'inactive customer, right password', input: { email: 'inactive@example.com', password: 'password123' } },
    { name: 'password over 256 bytes', input: { ...CUSTOMER, password: 'p'.repeat(257) } },
    { name: 'the right password with characters appended', input: { ...CUSTOMER, password: `password123${'x'.repeat(80)}` } },
  ]
  for (const { name, input } of refused) {
    it(`refuses ${name}: 401 invalid_credentials with a Bearer challenge`, async () => {
      const { res, body } = await login(input)
      expect(res.status).toBe(401)
      expect(res.headers.get('WWW-Authenticate')).toBe('Bearer')
      expect(body).toEqual(bad('invalid_credentials', 'Invalid email or password', 401))
    })
  }
})

describe('demo shop POST /auth/token, service grants', () => {
  const granted = [
    {
      name: 'client_credentials for admin',
      input: { grant_type: 'client_credentials', client_id: 'maho_00000000000000000000000000000001', client_secret: 'demo-admin-secret' },
      id: 1,
      username: 'admin',
      permissions: ['all'],
    },
    {
      name: 'api_user for catalog',
      input: { grant_type: 'api_user', username: 'catalog', api_key: 'demo-catalog-key' },
      id: 2,
      username: 'catalog',
      permissions: ['products/all', 'categories/all'],
    },
    {
      name: 'client_credentials for the shop-only integration',
      input: { grant_type: 'client_credentials', client_id: 'maho_00000000000000000000000000000003', client_secret: 'demo-integration-secret' },
      id: 3,
      username: 'integration',
      permissions: ['orders/read'],
    },
    {
      name: 'api_user for the shop-only integration',
      input: { grant_type: 'api_user', username: 'integration', api_key: 'demo-integration-key' },
      id: 3,
      username: 'integration',
      permissions: ['orders/read'],
    },
  ]
  for (const { name, input, id, username, permissions } of granted) {
    it(`grants ${name}: apiUser, permissions and the service claims`, async () => {
      const { res, body } = await login(input)
      expect(res.status).toBe(200)
      expect(body).toEqual({ token: expect.any(String), token_type: 'Bearer', expires_in: 3600, apiUser: { id, username }, permissions })
      const { payload } = await verifyShopToken(body.token as string)
      expect(payload).toEqual({
        iss: 'http://shop.localhost/',
        aud: 'maho-api',
        jti: expect.stringMatching(/^[0-9a-f]{32}$/),
        sub: `api_user_${id}`,
        api_user_id: id,
        username,
        type: 'api_user',
        roles: [],
        permissions,
        iat: payload.iat,
        nbf: payload.iat,
        exp: expect.closeTo(payload.iat! + 3600, 6),
      })
      for (const date of writtenDates(body.token as string)) expect(date).toMatch(MICROSECOND_DATE)
    })
  }

  const refused = [
    {
      name: 'a wrong client_secret',
      input: { grant_type: 'client_credentials', client_id: 'maho_00000000000000000000000000000001', client_secret: 'demo-admin-key' },
    },
    {
      name: 'an unknown client_id',
      input: { grant_type: 'client_credentials', client_id: 'maho_00000000000000000000000000000009', client_secret: 'demo-admin-secret' },
    },
    { name: 'a wrong api_key', input: { grant_type: 'api_user', username: 'admin', api_key: 'demo-admin-secret' } },
    { name: 'an unknown username', input: { grant_type: 'api_user', username: 'nobody', api_key: 'demo-admin-key' } },
  ]
  for (const { name, input } of refused) {
    it(`refuses ${name}: 401 invalid_client with a Bearer challenge`, async () => {
      const { res, body } = await login(input)
      expect(res.status).toBe(401)
      expect(res.headers.get('WWW-Authenticate')).toBe('Bearer')
      expect(body).toEqual(bad('invalid_client', 'Invalid client credentials', 401))
    })
  }
})

describe('demo shop POST /auth/token, malformed requests', () => {
  const cases = [
    { name: 'no fields (customer by default)', input: {}, status: 400, body: bad('invalid_request', 'Email and password are required', 400) },
    {
      name: 'email without password',
      input: { email: 'customer@example.com' },
      status: 400,
      body: bad('invalid_request', 'Email and password are required', 400),
    },
    {
      name: 'password as a number',
      input: { email: 'customer@example.com', password: 123 },
      status: 400,
      body: bad('invalid_request', 'Email and password are required', 400),
    },
    {
      name: 'bad email syntax',
      input: { email: 'not-an-email', password: 'password123' },
      status: 400,
      body: bad('invalid_request', 'Invalid email address', 400),
    },
    {
      name: 'client_credentials without secret',
      input: { grant_type: 'client_credentials', client_id: 'maho_00000000000000000000000000000001' },
      status: 400,
      body: bad('invalid_request', 'client_id and client_secret are required', 400),
    },
    {
      name: 'api_user without api_key',
      input: { grant_type: 'api_user', username: 'admin' },
      status: 400,
      body: bad('invalid_request', 'username and api_key are required', 400),
    },
    {
      name: 'unknown grant',
      input: { grant_type: 'password', email: 'customer@example.com', password: 'password123' },
      status: 400,
      body: bad('unsupported_grant_type', 'Unsupported grant type', 400),
    },
    {
      name: 'refresh_token grant (the shop has none)',
      input: { grant_type: 'refresh_token', refresh_token: 'x' },
      status: 400,
      body: bad('unsupported_grant_type', 'Unsupported grant type', 400),
    },
    { name: 'a JSON array', input: [CUSTOMER], status: 400, body: bad('bad_request', 'Request body must be a JSON object', 400) },
  ]
  for (const { name, input, status, body } of cases) {
    it(`answers ${name} with ${status} ${body.error}`, async () => {
      const res = await login(input)
      expect(res.res.status).toBe(status)
      expect(res.body).toEqual(body)
    })
  }

  it('answers a body that is not JSON with 400 bad_request', async () => {
    const res = await shopFetch('/auth/token', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{"email":' })
    expect(res.status).toBe(400)
    expect(await res.json()).toEqual(bad('bad_request', 'Request body must be a JSON object', 400))
  })

  it('also reads a form body (the OAuth 2.0 dialect)', async () => {
    const res = await shopFetch('/auth/token', {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: 'grant_type=client_credentials&client_id=maho_00000000000000000000000000000002&client_secret=demo-catalog-secret',
    })
    expect(res.status).toBe(200)
    expect(await res.json()).toMatchObject({ apiUser: { id: 2, username: 'catalog' } })
  })
})
