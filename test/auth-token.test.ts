import { env } from 'cloudflare:workers'
import { describe, expect, it } from 'vitest'
import { createCustomer, storedHash, uniqueEmail } from './helpers/accounts'
import { postJson } from './helpers/http'
import { nowSeconds, verifyIssued } from './helpers/tokens'

const ADMIN_CLIENT = 'maho_00000000000000000000000000000001'
const CATALOG_CLIENT = 'maho_00000000000000000000000000000002'

describe('POST /auth/token, customer grant', () => {
  it('answers the shop shape with a token the shop would accept', async () => {
    const { id, email } = await createCustomer()
    const res = await postJson('/auth/token', { email, password: 'password123' })
    expect(res.status).toBe(200)
    expect(res.headers.get('Cache-Control')).toBe('no-store')
    const body = await res.json<Record<string, unknown>>()
    expect(body).toEqual({
      token: expect.any(String),
      tokenType: 'Bearer',
      expiresIn: 3600,
      access_token: body.token,
      token_type: 'Bearer',
      expires_in: 3600,
      refreshToken: expect.stringMatching(/^ghr_/),
      refresh_token: body.refreshToken,
      customer: { id, email, firstName: 'Test', lastName: 'User' },
    })
    const { payload, protectedHeader } = await verifyIssued(body.token as string)
    expect(protectedHeader).toEqual({ alg: 'HS256', typ: 'JWT' })
    const iat = payload.iat!
    expect(Math.abs(iat - nowSeconds())).toBeLessThanOrEqual(2)
    expect(payload).toEqual({
      iss: 'http://shop.localhost/',
      aud: 'maho-api',
      jti: expect.stringMatching(/^[0-9a-f]{32}$/),
      sub: `customer_${id}`,
      customer_id: id,
      email,
      type: 'customer',
      roles: ['ROLE_CUSTOMER'],
      iat,
      nbf: iat,
      exp: iat + 3600,
    })
  })

  it('gives every token a fresh jti', async () => {
    const { email } = await createCustomer()
    const jtis = new Set<unknown>()
    for (let i = 0; i < 3; i++) {
      const { token } = await (await postJson('/auth/token', { email, password: 'password123' })).json<{ token: string }>()
      jtis.add((await verifyIssued(token)).payload.jti)
    }
    expect(jtis.size).toBe(3)
  })

  it('accepts `username` as the email and matches the email case-insensitively', async () => {
    const { id, email } = await createCustomer()
    const res = await postJson('/auth/token', { grant_type: 'customer', username: email.toUpperCase(), password: 'password123' })
    expect(res.status).toBe(200)
    expect((await res.json<{ customer: { id: number } }>()).customer.id).toBe(id)
  })

  it('logs a legacy md5 customer in, stores a PBKDF2 hash, and still logs in after', async () => {
    expect(await storedHash(3)).toBe('72d3d4e9bcaf89a84f3a53c741169d96:Xq7')
    const first = await postJson('/auth/token', { email: 'legacy@example.com', password: 'password123' })
    expect(first.status).toBe(200)
    expect(await storedHash(3)).toMatch(/^\$pbkdf2-sha256\$/)
    const second = await postJson('/auth/token', { email: 'legacy@example.com', password: 'password123' })
    expect(second.status).toBe(200)
    expect((await second.json<{ customer: { id: number } }>()).customer.id).toBe(3)
  })
})

describe('POST /auth/token, identical refusals', () => {
  // The token endpoint also speaks OAuth 2.0: its errors carry error_description.
  const refused = { error: 'invalid_credentials', message: 'Invalid email or password', code: 401, error_description: 'Invalid email or password' }

  it('answers unknown email, wrong password and inactive account the same', async () => {
    const known = await createCustomer()
    const inactive = await createCustomer({ active: false })
    const cases = [
      { email: uniqueEmail('nobody'), password: 'password123' },
      { email: known.email, password: 'wrong-password' },
      { email: inactive.email, password: 'password123' },
      { email: inactive.email, password: 'wrong-password' },
    ]
    const answers = []
    for (const body of cases) {
      const res = await postJson('/auth/token', body)
      // X-Request-Id differs per request by design; every other header must be identical.
      answers.push({ status: res.status, body: await res.json(), headers: [...res.headers].filter(([name]) => name !== 'x-request-id') })
    }
    for (const answer of answers) expect(answer).toEqual({ ...answers[0], body: refused })
    expect(answers[0]!.status).toBe(401)
  })

  it('refuses the seeded inactive customer like a wrong password', async () => {
    const res = await postJson('/auth/token', { email: 'inactive@example.com', password: 'password123' })
    expect(res.status).toBe(401)
    expect(await res.json()).toEqual(refused)
  })
})

describe('POST /auth/token, service grants', () => {
  it('client_credentials answers apiUser + permissions and service claims', async () => {
    const res = await postJson('/auth/token', { grant_type: 'client_credentials', client_id: CATALOG_CLIENT, client_secret: 'demo-catalog-secret' })
    expect(res.status).toBe(200)
    expect(res.headers.get('Cache-Control')).toBe('no-store')
    const body = await res.json<{ token: string }>()
    expect(body).toEqual({
      token: expect.any(String),
      tokenType: 'Bearer',
      expiresIn: 3600,
      access_token: body.token,
      token_type: 'Bearer',
      expires_in: 3600,
      apiUser: { id: 2, username: 'catalog' },
      permissions: ['products/all', 'categories/all'],
    })
    const { payload } = await verifyIssued(body.token)
    const iat = payload.iat!
    expect(payload).toEqual({
      iss: 'http://shop.localhost/',
      aud: 'maho-api',
      jti: expect.stringMatching(/^[0-9a-f]{32}$/),
      sub: 'api_user_2',
      api_user_id: 2,
      username: 'catalog',
      type: 'api_user',
      roles: [],
      permissions: ['products/all', 'categories/all'],
      iat,
      nbf: iat,
      exp: iat + 3600,
    })
  })

  it('api_user answers the same shape for username + api_key', async () => {
    const res = await postJson('/auth/token', { grant_type: 'api_user', username: 'admin', api_key: 'demo-admin-key' })
    expect(res.status).toBe(200)
    const body = await res.json<{ token: string }>()
    expect(body).toMatchObject({ tokenType: 'Bearer', expiresIn: 3600, apiUser: { id: 1, username: 'admin' }, permissions: ['all'] })
    expect((await verifyIssued(body.token)).payload).toMatchObject({ sub: 'api_user_1', api_user_id: 1, type: 'api_user' })
  })

  it('puts allowed_store_ids in the token only where the account is limited', async () => {
    await env.DB.prepare(`insert into service_accounts (id, username, api_key_hash, is_active, allowed_store_ids, permissions, confirmed_at)
      values (50, 'store-bot', (select api_key_hash from service_accounts where id = 2), 1, '[1,3]', '["orders/read"]', unixepoch())`).run()
    const res = await postJson('/auth/token', { grant_type: 'api_user', username: 'store-bot', api_key: 'demo-catalog-key' })
    const { token } = await res.json<{ token: string }>()
    expect((await verifyIssued(token)).payload).toMatchObject({ allowed_store_ids: [1, 3], permissions: ['orders/read'] })
    const admin = await (await postJson('/auth/token', { grant_type: 'api_user', username: 'admin', api_key: 'demo-admin-key' })).json<{ token: string }>()
    expect((await verifyIssued(admin.token)).payload).not.toHaveProperty('allowed_store_ids')
  })

  it('upgrades a service secret to PBKDF2 after a login with a legacy hash', async () => {
    const hash = async () => (await env.DB.prepare('select client_secret_hash h from service_accounts where id = 1').first<string>('h'))!
    expect(await hash()).toMatch(/^\$2y\$/)
    const res = await postJson('/auth/token', { grant_type: 'client_credentials', client_id: ADMIN_CLIENT, client_secret: 'demo-admin-secret' })
    expect(res.status).toBe(200)
    expect(await hash()).toMatch(/^\$pbkdf2-sha256\$/)
  })

  const invalidClient = { error: 'invalid_client', message: 'Invalid client credentials', code: 401, error_description: 'Invalid client credentials' }
  it.each([
    ['unknown client_id', { grant_type: 'client_credentials', client_id: 'maho_ffffffffffffffffffffffffffffffff', client_secret: 'x' }],
    ['wrong client_secret', { grant_type: 'client_credentials', client_id: CATALOG_CLIENT, client_secret: 'demo-admin-secret' }],
    ['unknown username', { grant_type: 'api_user', username: 'nobody', api_key: 'demo-admin-key' }],
    ['wrong api_key', { grant_type: 'api_user', username: 'catalog', api_key: 'demo-admin-key' }],
    ['a client secret used as api_key', { grant_type: 'api_user', username: 'catalog', api_key: 'demo-catalog-secret' }],
  ])('refuses %s with 401 invalid_client', async (_name, body) => {
    const res = await postJson('/auth/token', body)
    expect(res.status).toBe(401)
    expect(await res.json()).toEqual(invalidClient)
  })

  it('refuses an inactive service account with the same 401 even with the right secret', async () => {
    await env.DB.prepare(`insert into service_accounts (id, username, api_key_hash, is_active, permissions, confirmed_at)
      values (51, 'retired', (select api_key_hash from service_accounts where id = 2), 0, '[]', unixepoch())`).run()
    const res = await postJson('/auth/token', { grant_type: 'api_user', username: 'retired', api_key: 'demo-catalog-key' })
    expect(res.status).toBe(401)
    expect(await res.json()).toEqual(invalidClient)
  })
})
