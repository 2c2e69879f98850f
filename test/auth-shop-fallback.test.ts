// The shop fallback at login (docs/credentials.md): logins the D1 copy cannot answer are asked of
// the shop's own token endpoint (the demo shop, a real auxiliary worker); its 2xx fills the copy.
import { env } from 'cloudflare:workers'
import { describe, expect, it, vi } from 'vitest'
import { createCustomer, uniqueEmail } from './helpers/accounts'
import { ANSWERS, oauthError } from './helpers/answers'
import { hashPassword } from '../src/auth/passwords'
import { lockKey } from '../src/db/lockout'
import { createShopCustomer, customerRow, DEAD_SHOP, loginWith, recordingShop, serviceRow, shopAnswering } from './helpers/fallback'
import { call, freshIp } from './helpers/http'
import { payloadText, shopLogin } from './helpers/shop'
import { bearer, nowSeconds, verifyIssued } from './helpers/tokens'

const SHOP_ONLY = { email: 'shop-only@example.com', password: 'password123' }
const INTEGRATION = {
  clientId: 'maho_00000000000000000000000000000003',
  clientSecret: 'demo-integration-secret',
  username: 'integration',
  apiKey: 'demo-integration-key',
}
const CART_FIELDS = { cartId: null, cartMaskedId: null, cartItemsQty: 0 }
const FRACTIONAL_IAT = /"iat":\d{10}\.\d+/
const PBKDF2 = /^\$pbkdf2-sha256\$/
// Logins that reach the demo shop cost its bcrypt too.
const SLOW = { timeout: 60_000 }

describe('first login of accounts only the shop has', SLOW, () => {
  it("a shop-only customer: the shop's answer and token, and a confirmed D1 copy with our own hash", async () => {
    expect(await customerRow(SHOP_ONLY.email)).toBeNull()
    const res = await loginWith({}, SHOP_ONLY)
    expect(res.status).toBe(200)
    expect(res.headers.get('Cache-Control')).toBe('no-store')
    const body = await res.json<Record<string, unknown>>()
    expect(body).toEqual({
      token: expect.any(String),
      token_type: 'Bearer',
      expires_in: 3600,
      tokenType: 'Bearer',
      expiresIn: 3600,
      access_token: body.token,
      refreshToken: expect.stringMatching(/^ghr_/),
      refresh_token: body.refreshToken,
      customer: { id: 5, email: 'shop-only@example.com', firstName: 'Sam', lastName: 'Shop' },
      ...CART_FIELDS,
    })
    // The shop minted it: microsecond dates, as its JWT library writes them.
    expect(payloadText(body.token as string)).toMatch(FRACTIONAL_IAT)
    const copy = await customerRow(SHOP_ONLY.email)
    expect(copy).toMatchObject({ id: 5, first_name: 'Sam', last_name: 'Shop', is_active: 1, website_id: 1, shop_password_hash: null })
    expect(copy!.password_hash).toMatch(PBKDF2)
    expect(Math.abs((copy!.confirmed_at as number) - nowSeconds())).toBeLessThanOrEqual(5)
    // The shop's token works through the gateway, and refreshes against the new copy.
    expect((await call('/customers/me', { headers: bearer(body.token as string) })).status).toBe(200)
    expect((await call('/auth/refresh', { method: 'POST', headers: bearer(body.token as string) })).status).toBe(200)
  })

  it('later logins are answered at the edge, also while the shop cannot be asked', async () => {
    expect((await loginWith({}, SHOP_ONLY)).status).toBe(200)
    const res = await loginWith({ ORIGIN: DEAD_SHOP }, SHOP_ONLY)
    expect(res.status).toBe(200)
    const body = await res.json<{ token: string }>()
    expect(body).toEqual({
      token: expect.any(String),
      tokenType: 'Bearer',
      expiresIn: 3600,
      access_token: body.token,
      token_type: 'Bearer',
      expires_in: 3600,
      refreshToken: expect.stringMatching(/^ghr_/),
      refresh_token: expect.stringMatching(/^ghr_/),
      customer: { id: 5, email: 'shop-only@example.com', firstName: 'Sam', lastName: 'Shop' },
    })
    expect((await verifyIssued(body.token)).payload).toMatchObject({ sub: 'customer_5', customer_id: 5 })
  })

  it('the shop-only integration: client_credentials and api_user each fill their own secret', async () => {
    const byClient = await loginWith({}, { grant_type: 'client_credentials', client_id: INTEGRATION.clientId, client_secret: INTEGRATION.clientSecret })
    expect(byClient.status).toBe(200)
    expect(await byClient.json()).toEqual({
      token: expect.any(String),
      token_type: 'Bearer',
      expires_in: 3600,
      tokenType: 'Bearer',
      expiresIn: 3600,
      access_token: expect.any(String),
      apiUser: { id: 3, username: 'integration' },
      permissions: ['orders/read'],
    })
    const afterClient = await serviceRow(3)
    expect(afterClient).toMatchObject({
      username: 'integration',
      client_id: INTEGRATION.clientId,
      api_key_hash: null,
      permissions: '["orders/read"]',
      shop_client_secret_hash: null,
    })
    expect(afterClient!.client_secret_hash).toMatch(PBKDF2)

    // The copy has no api key yet: that grant asks the shop, whatever the client secret's copy says.
    expect((await loginWith({ ORIGIN: DEAD_SHOP }, { grant_type: 'api_user', username: INTEGRATION.username, api_key: INTEGRATION.apiKey })).status).toBe(503)
    const byKey = await loginWith({}, { grant_type: 'api_user', username: INTEGRATION.username, api_key: INTEGRATION.apiKey })
    expect(byKey.status).toBe(200)
    expect(await byKey.json()).toMatchObject({ apiUser: { id: 3, username: 'integration' }, permissions: ['orders/read'] })
    const afterKey = await serviceRow(3)
    expect(afterKey!.api_key_hash).toMatch(PBKDF2)
    expect(afterKey!.client_secret_hash).toBe(afterClient!.client_secret_hash)

    for (const body of [
      { grant_type: 'client_credentials', client_id: INTEGRATION.clientId, client_secret: INTEGRATION.clientSecret },
      { grant_type: 'api_user', username: INTEGRATION.username, api_key: INTEGRATION.apiKey },
    ]) {
      const res = await loginWith({ ORIGIN: DEAD_SHOP }, body)
      expect(res.status).toBe(200)
      expect(await res.json()).toMatchObject({ apiUser: { id: 3, username: 'integration' }, permissions: ['orders/read'] })
    }
  })
})

describe('what the shop is sent', SLOW, () => {
  it("the grant as JSON with the client's IP in X-Forwarded-For, after the edge's own checks", async () => {
    const { shop, seen } = recordingShop()
    const ip = freshIp()
    const res = await loginWith({ ORIGIN: shop }, { email: 'shop-only@example.com', password: 'wrong-password' }, { 'CF-Connecting-IP': ip })
    expect(res.status).toBe(401)
    expect(seen).toHaveLength(1)
    const sent = seen[0]!
    expect(new URL(sent.url).pathname).toBe('/api/rest/v2/auth/token')
    expect(sent.method).toBe('POST')
    expect(sent.headers.get('Content-Type')).toBe('application/json')
    expect(sent.headers.get('X-Forwarded-For')).toBe(ip)
    expect(await sent.json()).toEqual({ grant_type: 'customer', email: 'shop-only@example.com', password: 'wrong-password' })
  })

  it('nothing when the request is refused before the login (bad body, rate limit)', async () => {
    const { shop, seen } = recordingShop()
    expect((await loginWith({ ORIGIN: shop }, { email: 'not-an-email', password: 'x' })).status).toBe(400)
    const limited = { limit: async () => ({ success: false }) } as unknown as RateLimit
    expect((await loginWith({ ORIGIN: shop, RATE_LIMIT_IDENTITY: limited }, { email: uniqueEmail('rl'), password: 'x' })).status).toBe(429)
    expect(seen).toHaveLength(0)
  })
})

describe('copies the edge does not trust alone', SLOW, () => {
  it('a customer login carrying a guest cart goes to the shop, even for a fresh copy', async () => {
    const { shop, seen } = recordingShop()
    const maskedId = 'a'.repeat(32)
    const res = await loginWith({ ORIGIN: shop }, { email: 'customer@example.com', password: 'password123', maskedId })
    expect(res.status).toBe(200)
    expect(await res.json()).toMatchObject({ customer: { id: 1 }, ...CART_FIELDS })
    expect(await seen[0]!.json()).toEqual({ grant_type: 'customer', email: 'customer@example.com', password: 'password123', maskedId })
    for (const field of ['cartId', 'guestCartId']) {
      const again = recordingShop()
      expect((await loginWith({ ORIGIN: again.shop }, { email: 'customer@example.com', password: 'password123', [field]: maskedId })).status).toBe(200)
      expect(await again.seen[0]!.json()).toMatchObject({ [field]: maskedId })
    }
    // The shop cannot be asked: the copy still answers (without the merge, which only the shop can do).
    const down = await loginWith({ ORIGIN: DEAD_SHOP }, { email: 'customer@example.com', password: 'password123', maskedId })
    expect(down.status).toBe(200)
    expect(await down.json()).not.toHaveProperty('cartId')
  })

  it('a copy older than SHOP_CONFIRM_AGE_SECONDS is confirmed with the shop, which renews it', async () => {
    const old = nowSeconds() - 120
    await env.DB.prepare('update customers set confirmed_at = ? where id = 2').bind(old).run()
    const body = { email: 'other@example.com', password: 'password123' }
    // Within the default age (one day) the copy answers.
    const fresh = recordingShop()
    expect((await loginWith({ ORIGIN: fresh.shop }, body)).status).toBe(200)
    expect(fresh.seen).toHaveLength(0)
    // Older than a 60 s age: the shop is asked and its answer given; the copy is confirmed anew.
    const stale = recordingShop()
    const res = await loginWith({ ORIGIN: stale.shop, SHOP_CONFIRM_AGE_SECONDS: '60' }, body)
    expect(res.status).toBe(200)
    expect(await res.json()).toMatchObject({ customer: { id: 2 }, ...CART_FIELDS })
    expect(stale.seen).toHaveLength(1)
    expect((await customerRow('other@example.com'))!.confirmed_at).toBeGreaterThan(old)
  })

  it('a stale copy that matches answers while the shop cannot be asked, and says so in the log', async () => {
    const { email } = await createCustomer({ confirmedAt: nowSeconds() - 100 })
    const logged = vi.spyOn(console, 'log').mockImplementation(() => {})
    const res = await loginWith({ ORIGIN: DEAD_SHOP, SHOP_CONFIRM_AGE_SECONDS: '60' }, { email, password: 'password123' })
    const lines = logged.mock.calls.map(([line]) => JSON.parse(String(line)) as Record<string, unknown>)
    logged.mockRestore()
    expect(res.status).toBe(200)
    expect(await res.json()).toMatchObject({ tokenType: 'Bearer', customer: { email } })
    expect(lines).toContainEqual({
      event: 'shop_unavailable',
      grant: 'customer',
      reason: 'stale',
      detail: 'Error: connection refused',
      answeredFromCopy: true,
      requestId: res.headers.get('X-Request-Id'),
    })
  })

  it('a stale copy is not used when the shop says no (its password changed elsewhere)', async () => {
    const { id, email } = await createCustomer({ confirmedAt: nowSeconds() - 100 })
    // The copy still holds the old password; the shop has password123.
    await env.DB.prepare('update customers set password_hash = ? where id = ?')
      .bind(await hashPassword('old-password'), id)
      .run()
    expect((await loginWith({ ORIGIN: DEAD_SHOP, SHOP_CONFIRM_AGE_SECONDS: '60' }, { email, password: 'old-password' })).status).toBe(200)
    const res = await loginWith({ SHOP_CONFIRM_AGE_SECONDS: '60' }, { email, password: 'old-password' })
    expect(res.status).toBe(401)
    expect(await res.json()).toEqual(oauthError(ANSWERS.invalidCredentials))
    // The new password works at once: it matches no copy, so the shop is asked.
    expect((await loginWith({}, { email, password: 'password123' })).status).toBe(200)
  })

  it('a copy never confirmed (confirmed_at null) is never used without the shop', async () => {
    const { email } = await createCustomer({ confirmedAt: null })
    const down = await loginWith({ ORIGIN: DEAD_SHOP }, { email, password: 'password123' })
    expect(down.status).toBe(503)
    expect(await down.json()).toEqual(oauthError(ANSWERS.unavailable))
    // Once the shop has confirmed it, the copy answers on its own.
    const { shop, seen } = recordingShop()
    expect((await loginWith({ ORIGIN: shop }, { email, password: 'password123' })).status).toBe(200)
    expect(seen).toHaveLength(1)
    expect((await customerRow(email))!.confirmed_at).not.toBeNull()
    expect((await loginWith({ ORIGIN: DEAD_SHOP }, { email, password: 'password123' })).status).toBe(200)
  })

  it('an argon2 hash in the copy (not verifiable in Workers) goes to the shop, which replaces it', async () => {
    const argon2 = '$argon2id$v=19$m=65536,t=4,p=1$c29tZXNhbHQ$RdescudvJCsgt3ub+b+dWRWJTmaaJObG'
    await env.DB.prepare('update customers set password_hash = ? where id = 1').bind(argon2).run()
    expect((await loginWith({ ORIGIN: DEAD_SHOP }, { email: 'customer@example.com', password: 'password123' })).status).toBe(503)
    const res = await loginWith({}, { email: 'customer@example.com', password: 'password123' })
    expect(res.status).toBe(200)
    expect(await res.json()).toMatchObject({ customer: { id: 1 }, ...CART_FIELDS })
    expect((await customerRow('customer@example.com'))!.password_hash).toMatch(PBKDF2)
  })
})

describe('when the shop cannot be asked: 503, never a 401, never a token', SLOW, () => {
  const SHOPS = [
    { name: 'unreachable', bindings: () => ({ ORIGIN: DEAD_SHOP }) },
    { name: 'answering 500', bindings: () => ({ ORIGIN: shopAnswering(500) }) },
    { name: 'answering 502', bindings: () => ({ ORIGIN: shopAnswering(502) }) },
    { name: 'answering 429 (its own limits)', bindings: () => ({ ORIGIN: shopAnswering(429) }) },
    { name: 'too slow', bindings: () => ({ ORIGIN: { fetch: () => new Promise(() => {}) } as unknown as Fetcher, ORIGIN_TIMEOUT_MS: '50' }) },
    {
      name: 'answering 200 with a token it did not sign with our secret',
      bindings: () => ({
        ORIGIN: { fetch: async () => Response.json({ token: 'eyJhbGciOiJIUzI1NiJ9.e30.c2lnbmF0dXJl', token_type: 'Bearer' }) } as unknown as Fetcher,
      }),
    },
    { name: 'answering 200 without JSON', bindings: () => ({ ORIGIN: { fetch: async () => new Response('<html>ok</html>') } as unknown as Fetcher }) },
  ]
  const LOGINS = [
    { name: 'an unknown email', body: () => ({ email: uniqueEmail('down'), password: 'password123' }) },
    { name: 'a wrong password for a fresh copy', body: () => ({ email: 'other@example.com', password: 'not-the-password' }) },
    { name: 'an unknown client_id', body: () => ({ grant_type: 'client_credentials', client_id: `maho_${'f'.repeat(32)}`, client_secret: 'x' }) },
  ]
  for (const shop of SHOPS) {
    it.each(LOGINS)(`shop ${shop.name}: $name → 503, nothing counted`, async ({ body }) => {
      const login = body()
      const res = await loginWith(shop.bindings(), login)
      expect(res.status).toBe(503)
      expect(res.headers.get('WWW-Authenticate')).toBeNull()
      expect(await res.json()).toEqual(oauthError(ANSWERS.unavailable))
      const fields: Record<string, unknown> = login
      const key =
        fields.client_id === undefined ? await lockKey('customer', String(fields.email)) : await lockKey('client_credentials', String(fields.client_id))
      expect(await env.DB.prepare('select * from login_failures where identity_hash = ?').bind(key).first()).toBeNull()
    })
  }
})

describe("the shop's refusal is the grant's 401 and a counted failure", SLOW, () => {
  it('a wrong password for an account only the shop has', async () => {
    const policy = { LOCKOUT_MAX_FAILURES: '2' }
    const { email } = await createShopCustomer('refused')
    const send = (password: string) => loginWith(policy, { email, password })
    const first = await send('wrong-1')
    expect(first.status).toBe(401)
    expect(first.headers.get('WWW-Authenticate')).toBe(
      'Bearer realm="maho-api", resource_metadata="http://shop.localhost/.well-known/oauth-protected-resource"',
    )
    expect(await first.json()).toEqual(oauthError(ANSWERS.invalidCredentials))
    expect((await send('wrong-2')).status).toBe(401)
    // Locked: not even the right password is asked of the shop.
    const { shop, seen } = recordingShop()
    const locked = await loginWith({ ...policy, ORIGIN: shop }, { email, password: 'password123' })
    expect(locked.status).toBe(429)
    expect(await locked.json()).toEqual(oauthError(ANSWERS.tooMany))
    expect(seen).toHaveLength(0)
  })

  it('a wrong client secret for a service account the shop has', async () => {
    const res = await loginWith({}, { grant_type: 'client_credentials', client_id: 'maho_00000000000000000000000000000002', client_secret: 'wrong' })
    expect(res.status).toBe(401)
    expect(await res.json()).toEqual(oauthError(ANSWERS.invalidClient))
  })
})

describe('tokens the shop mints itself', SLOW, () => {
  it('are accepted through the gateway with fractional NumericDates', async () => {
    const token = await shopLogin({ email: 'customer@example.com', password: 'password123' })
    expect(payloadText(token)).toMatch(FRACTIONAL_IAT)
    const res = await call('/customers/me', { headers: bearer(token) })
    expect(res.status).toBe(200)
    const service = await shopLogin({ grant_type: 'api_user', username: 'catalog', api_key: 'demo-catalog-key' })
    expect((await call('/products', { headers: bearer(service) })).status).toBe(200)
  })
})

describe('a customer email on several websites', SLOW, () => {
  it('is tried in website order: the default website first, then ascending id', async () => {
    const email = uniqueEmail('websites')
    const hash = await env.DB.prepare('select password_hash from customers where id = 1').first<string>('password_hash')
    const insert = (id: number, website: number) =>
      env.DB.prepare(`insert into customers (id, email, email_key, password_hash, website_id, confirmed_at) values (?, ?, lower(?), ?, ?, unixepoch())`)
        .bind(id, email, email, hash, website)
        .run()
    await insert(9001, 2)
    await insert(9002, 1)
    await insert(9003, 3)
    const idOf = async (vars: Record<string, string>) =>
      (await (await loginWith(vars, { email, password: 'password123' })).json<{ customer: { id: number } }>()).customer.id
    expect(await idOf({})).toBe(9002)
    expect(await idOf({ DEFAULT_WEBSITE_ID: '3' })).toBe(9003)
    expect(await idOf({ DEFAULT_WEBSITE_ID: '4' })).toBe(9001)
  })
})
