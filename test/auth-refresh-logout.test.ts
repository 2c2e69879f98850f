import { env } from 'cloudflare:workers'
import { describe, expect, it } from 'vitest'
import { createCustomer } from './helpers/accounts'
import { call, postJson } from './helpers/http'
import { bearer, customerClaims, mint, nowSeconds, serviceClaims, verifyIssued } from './helpers/tokens'
import { ANSWERS } from './helpers/answers'

const LOGGED_OUT = { success: true, message: 'Successfully logged out' }

const post = (path: string, token?: string, body?: unknown) =>
  call(path, {
    method: 'POST',
    headers: { ...(token ? bearer(token) : {}), ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  })

async function expectInvalidToken(res: Response) {
  expect(res.status).toBe(401)
  expect(res.headers.get('WWW-Authenticate')).toBe(
    'Bearer realm="maho-api", error="invalid_token", resource_metadata="http://shop.localhost/.well-known/oauth-protected-resource"',
  )
  expect(res.headers.get('Cache-Control')).toBe('no-store')
  expect(await res.json()).toEqual(ANSWERS.invalidToken)
}

async function login(email: string): Promise<string> {
  const res = await postJson('/auth/token', { email, password: 'password123' })
  expect(res.status).toBe(200)
  return (await res.json<{ token: string }>()).token
}

describe('POST /auth/refresh', () => {
  it('issues a new customer token (new jti, full lifetime) and revokes the old one', async () => {
    const { id, email } = await createCustomer()
    const old = await login(email)
    const res = await post('/auth/refresh', old)
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
      customer: { id, email, firstName: 'Test', lastName: 'User' },
    })
    const before = await verifyIssued(old)
    const after = await verifyIssued(body.token)
    expect(after.payload.jti).not.toBe(before.payload.jti)
    expect(after.payload.exp! - after.payload.iat!).toBe(3600)
    expect(after.payload.sub).toBe(`customer_${id}`)
    await expectInvalidToken(await post('/auth/refresh', old))
    expect((await post('/auth/refresh', body.token)).status).toBe(200)
  })

  it('refreshes a service token and re-reads its permissions from D1', async () => {
    await env.DB.prepare(
      `insert into service_accounts (id, username, is_active, permissions, confirmed_at) values (60, 'bot60', 1, '["orders/read"]', unixepoch())`,
    ).run()
    const token = await mint(serviceClaims(60, 'bot60', ['orders/read']))
    await env.DB.prepare(`update service_accounts set permissions = '["orders/all"]' where id = 60`).run()
    const res = await post('/auth/refresh', token)
    expect(res.status).toBe(200)
    const body = await res.json<{ token: string }>()
    expect(body).toMatchObject({ apiUser: { id: 60, username: 'bot60' }, permissions: ['orders/all'] })
    expect((await verifyIssued(body.token)).payload).toMatchObject({ sub: 'api_user_60', permissions: ['orders/all'] })
  })

  it('refuses a token of an account deactivated since it was issued', async () => {
    const { id, email } = await createCustomer()
    const token = await login(email)
    await env.DB.prepare('update customers set is_active = 0 where id = ?').bind(id).run()
    await expectInvalidToken(await post('/auth/refresh', token))
  })

  it('refuses a token of an account that no longer exists', async () => {
    await expectInvalidToken(await post('/auth/refresh', await mint(customerClaims(9999, 'gone@example.com'))))
  })

  it('answers 401 Authentication required without a token', async () => {
    const res = await post('/auth/refresh')
    expect(res.status).toBe(401)
    expect(res.headers.get('WWW-Authenticate')).toBe('Bearer realm="maho-api", resource_metadata="http://shop.localhost/.well-known/oauth-protected-resource"')
    expect(await res.json()).toEqual(ANSWERS.noToken)
  })

  it('refuses an expired token', async () => {
    const claims = customerClaims()
    await expectInvalidToken(await post('/auth/refresh', await mint({ ...claims, iat: claims.iat! - 7200, nbf: claims.iat! - 7200, exp: claims.iat! - 3600 })))
  })
})

describe('POST /auth/logout', () => {
  it('revokes the token: logout answers, then refresh and logout refuse it', async () => {
    const { email } = await createCustomer()
    const token = await login(email)
    const res = await post('/auth/logout', token)
    expect(res.status).toBe(200)
    expect(res.headers.get('Cache-Control')).toBe('no-store')
    expect(await res.json()).toEqual(LOGGED_OUT)
    await expectInvalidToken(await post('/auth/refresh', token))
    await expectInvalidToken(await post('/auth/logout', token))
  })

  it("leaves the subject's other tokens working", async () => {
    const { email } = await createCustomer()
    const first = await login(email)
    const second = await login(email)
    expect((await post('/auth/logout', first)).status).toBe(200)
    expect((await post('/auth/refresh', second)).status).toBe(200)
  })

  it('works for service tokens', async () => {
    const token = await mint(serviceClaims(2, 'catalog', ['products/all', 'categories/all']))
    expect(await (await post('/auth/logout', token)).json()).toEqual(LOGGED_OUT)
    await expectInvalidToken(await post('/auth/refresh', token))
  })

  it("stores the revocation until the token's exp", async () => {
    const claims = customerClaims()
    const token = await mint(claims)
    expect((await post('/auth/logout', token)).status).toBe(200)
    const { keys } = await env.REVOKED.list({ prefix: `jti:${claims.jti}` })
    expect(keys).toHaveLength(1)
    expect(Math.abs(keys[0]!.expiration! - claims.exp!)).toBeLessThanOrEqual(2)
  })

  it("clamps the revocation of a token about to expire up to KV's 60 s minimum", async () => {
    const now = nowSeconds()
    const claims = { ...customerClaims(), exp: now + 5 }
    expect((await post('/auth/logout', await mint(claims))).status).toBe(200)
    const { keys } = await env.REVOKED.list({ prefix: `jti:${claims.jti}` })
    expect(keys[0]!.expiration!).toBeGreaterThanOrEqual(now + 60)
    expect(await env.REVOKED.get(`jti:${claims.jti}`)).toBe('1')
  })

  it('with {"everywhere": true} refuses every token of the subject issued so far', async () => {
    const { id, email } = await createCustomer()
    const first = await login(email)
    const second = await login(email)
    const res = await post('/auth/logout', first, { everywhere: true })
    expect(await res.json()).toEqual(LOGGED_OUT)
    expect(Number(await env.REVOKED.get(`nbf:customer_${id}`))).toBeGreaterThanOrEqual(nowSeconds() - 2)
    await expectInvalidToken(await post('/auth/refresh', first))
    await expectInvalidToken(await post('/auth/refresh', second))
  })

  it('everywhere also refuses a token issued in the very second of the logout', async () => {
    const { id } = await createCustomer()
    const claims = customerClaims(id)
    const token = await mint(claims)
    expect((await post('/auth/logout', token, { everywhere: true })).status).toBe(200)
    const stamp = Number(await env.REVOKED.get(`nbf:customer_${id}`))
    const sameSecond = await mint({ ...customerClaims(id), iat: stamp, nbf: stamp })
    await expectInvalidToken(await post('/auth/refresh', sameSecond))
  })

  it.each([
    ['a non-boolean everywhere', { everywhere: 'yes' }, 400, { error: 'bad_request', message: 'Bad request', code: 400 }],
    ['a JSON array', [true], 400, { error: 'bad_request', message: 'Request body must be a JSON object', code: 400 }],
  ])('refuses %s with 400', async (_name, body, status, expected) => {
    const res = await post('/auth/logout', await mint(customerClaims()), body)
    expect(res.status).toBe(status)
    expect(await res.json()).toEqual(expected)
  })

  it('answers 401 Authentication required without a token', async () => {
    const res = await post('/auth/logout')
    expect(res.status).toBe(401)
    expect(await res.json()).toEqual(ANSWERS.noToken)
  })
})
