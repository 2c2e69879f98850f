// POST /customers/social-auth: public, passed to the shop (the demo shop knows provider `demo` with
// providerToken `demo-social-token` = customer 1). The customer token the shop answers works at the
// edge, and the sign-in starts a refresh session like a password login: tokens in the body in token
// mode, the same cookies (and no token in the body) for a cookie-mode origin.
import { env } from 'cloudflare:workers'
import { decodeJwt } from 'jose'
import { describe, expect, it } from 'vitest'
import { ANSWERS } from '../helpers/answers'
import { callWith } from '../helpers/gateway-env'
import { call, postJson } from '../helpers/http'
import { newProbe, originHits, PROBE_HEADER } from '../helpers/origin'
import { COOKIE_ORIGIN, cookieValue, families, rotate, setCookies } from '../helpers/sessions'
import { bearer, customerClaims, mint, serviceClaims } from '../helpers/tokens'

const PATH = '/customers/social-auth'
const DEMO = { provider: 'demo', providerToken: 'demo-social-token', nonce: 'n-1', twofaCode: null, cartId: null }
const CUSTOMER_1 = { id: 1, email: 'customer@example.com', firstName: 'Jane', lastName: 'Doe' }
const FIRST_PARTY = { Origin: COOKIE_ORIGIN, 'X-Requested-With': 'storefront' }

interface SocialAnswer {
  token: string
  refreshToken: string
  [field: string]: unknown
}

describe('social sign-in in token mode', () => {
  it("answers the shop's sign-in in both dialects with a refresh token, and the shop-minted token works at the edge", async () => {
    const before = (await families(1)).length
    const res = await postJson(PATH, DEMO)
    expect(res.status).toBe(200)
    expect(res.headers.get('Cache-Control')).toBe('no-store')
    const body = await res.json<SocialAnswer>()
    expect(body).toEqual({
      token: expect.stringMatching(/^eyJ/),
      tokenType: 'Bearer',
      expiresIn: expect.any(Number),
      access_token: body.token,
      token_type: 'Bearer',
      expires_in: body.expiresIn,
      id: 'social-auth',
      provider: 'demo',
      customer: CUSTOMER_1,
      cartId: body.cartId,
      cartMaskedId: body.cartMaskedId,
      cartItemsQty: expect.any(Number),
      isNewCustomer: false,
      profileIncomplete: null,
      refreshToken: expect.stringMatching(/^ghr_[A-Za-z0-9_-]{43}$/),
      refresh_token: body.refreshToken,
    })
    expect(body.expiresIn).toBeGreaterThan(3500)
    // Minted by the shop (microsecond times, as its JWT library writes them), not re-signed by gatehouse.
    expect(String(decodeJwt(body.token).iat)).toContain('.')
    expect((await families(1)).length).toBe(before + 1)

    const me = await call('/customers/me', { headers: bearer(body.token) })
    expect(me.status).toBe(200)
    expect(await me.json()).toMatchObject({ data: { id: 1, email: 'customer@example.com' } })
    const rotated = await rotate(body.refreshToken)
    expect(rotated.status).toBe(200)
    expect(await rotated.json()).toMatchObject({ customer: CUSTOMER_1, refreshToken: expect.stringMatching(/^ghr_/) })
  })

  const REFUSED = [
    { name: 'another provider token', body: { ...DEMO, providerToken: 'stolen' }, status: 401, answer: ANSWERS.noToken },
    { name: 'another provider', body: { ...DEMO, provider: 'google' }, status: 401, answer: ANSWERS.noToken },
    {
      name: 'no provider token',
      body: { provider: 'demo' },
      status: 400,
      answer: { error: 'invalid_request', message: 'provider and providerToken are required', code: 400 },
    },
  ]

  it.each(REFUSED)("passes the shop's refusal of $name on as it came, starting no session", async ({ body, status, answer }) => {
    const before = await families(1)
    const probe = newProbe()
    const res = await postJson(PATH, body, { headers: { [PROBE_HEADER]: probe } })
    expect({ status: res.status, body: await res.json() }).toEqual({ status, body: answer })
    expect(res.headers.getSetCookie()).toEqual([])
    expect(await originHits(probe)).toBe(1)
    expect(await families(1)).toEqual(before)
  })
})

describe('social sign-in bodies the gateway cannot read', () => {
  const ROWS: Array<{ name: string; body: string; type?: string; status: number; answer: unknown }> = [
    { name: 'not JSON', body: '{"provider": "demo",', status: 400, answer: ANSWERS.notJson },
    { name: 'a JSON array', body: JSON.stringify([DEMO]), status: 400, answer: ANSWERS.notJson },
    { name: 'a JSON string', body: '"demo-social-token"', status: 400, answer: ANSWERS.notJson },
    { name: 'a repeated key', body: '{"provider":"demo","providerToken":"x","providerToken":"demo-social-token"}', status: 400, answer: ANSWERS.duplicateKey },
    {
      name: 'a form',
      body: 'provider=demo&providerToken=demo-social-token',
      type: 'application/x-www-form-urlencoded',
      status: 415,
      answer: ANSWERS.wrongType,
    },
    { name: '20 kB', body: JSON.stringify({ ...DEMO, nonce: 'n'.repeat(20_000) }), status: 413, answer: ANSWERS.tooLarge },
  ]

  it.each(ROWS)("refuses $name with the shop's error body; nothing reaches the shop and no session starts", async ({ body, type, status, answer }) => {
    const before = await families(1)
    const probe = newProbe()
    const res = await call(PATH, { method: 'POST', headers: { 'Content-Type': type ?? 'application/json', [PROBE_HEADER]: probe }, body })
    expect({ status: res.status, body: await res.json() }).toEqual({ status, body: answer })
    expect(await originHits(probe)).toBe(0)
    expect(await families(1)).toEqual(before)
  })
})

describe('social sign-in in cookie mode', () => {
  it('sets the same cookies as a password login and keeps both tokens out of the body', async () => {
    const res = await postJson(PATH, DEMO, { headers: { Origin: COOKIE_ORIGIN } })
    expect(res.status).toBe(200)
    // The storefront's script may send the cookies cross-origin to the API, and only this origin.
    expect(res.headers.get('Access-Control-Allow-Origin')).toBe(COOKIE_ORIGIN)
    expect(res.headers.get('Access-Control-Allow-Credentials')).toBe('true')
    expect(res.headers.get('Cache-Control')).toBe('no-store')
    const body = await res.json<Record<string, unknown>>()
    for (const field of ['token', 'tokenType', 'access_token', 'token_type', 'refreshToken', 'refresh_token']) expect(body).not.toHaveProperty(field)
    expect(body).toMatchObject({ customer: CUSTOMER_1, isNewCustomer: false, expires_in: expect.any(Number) })
    expect(JSON.stringify(body)).not.toMatch(/eyJ|ghr_/)

    const password = await postJson('/auth/token', { email: 'customer@example.com', password: 'password123' }, { headers: { Origin: COOKIE_ORIGIN } })
    const attributes = (r: Response) =>
      Object.entries(setCookies(r)).map(([name, line]) => [
        name,
        line
          .split('; ')
          .slice(1)
          .filter((a) => !a.startsWith('Max-Age')),
      ])
    expect(attributes(res)).toEqual(attributes(password))

    const cookies = setCookies(res)
    const access = cookieValue(cookies['__Host-gh_access'])
    const refresh = cookieValue(cookies['__Secure-gh_refresh'])
    expect(decodeJwt(access)).toMatchObject({ sub: 'customer_1', iss: env.JWT_ISSUER })
    const me = await call('/customers/me', { headers: { ...FIRST_PARTY, Cookie: `__Host-gh_access=${access}` } })
    expect(me.status).toBe(200)
    const refreshed = await call('/auth/refresh', { method: 'POST', headers: { ...FIRST_PARTY, Cookie: `__Secure-gh_refresh=${refresh}` } })
    expect(refreshed.status).toBe(200)
    expect(Object.keys(setCookies(refreshed)).sort()).toEqual(['__Host-gh_access', '__Secure-gh_refresh'])
  })
})

// The shop's 2xx, as another shop could answer it: the ORIGIN binding answers the sign-in itself.
function shopAnswering(body: () => Promise<Record<string, unknown>>): { ORIGIN: Fetcher } {
  return { ORIGIN: { fetch: async () => Response.json(await body()) } as unknown as Fetcher }
}

const signIn = (overrides: { ORIGIN: Fetcher }, headers: Record<string, string> = {}) =>
  callWith(overrides, PATH, { method: 'POST', headers: { 'Content-Type': 'application/json', ...headers }, body: JSON.stringify(DEMO) })

describe('a social sign-in answer the edge cannot use', () => {
  const UNUSABLE = { error: 'bad_gateway', message: 'The shop gave an answer the gateway cannot use', code: 502 }
  const ROWS: Array<{ name: string; body: () => Promise<Record<string, unknown>> }> = [
    { name: 'no token', body: async () => ({ customer: CUSTOMER_1 }) },
    { name: 'a token that is not a JWT', body: async () => ({ token: 'not-a-jwt', customer: CUSTOMER_1 }) },
    {
      name: 'a token signed with another key',
      body: async () => ({ token: await mint(customerClaims(1), { key: new TextEncoder().encode('x'.repeat(40)) }) }),
    },
    { name: 'a service token', body: async () => ({ token: await mint(serviceClaims(2, 'catalog', ['all'])) }) },
  ]

  it.each(ROWS)('answers 502 for $name, in cookie mode too, and starts no session', async ({ body }) => {
    const before = await families(1)
    for (const headers of [{}, { Origin: COOKIE_ORIGIN }] as Array<Record<string, string>>) {
      const res = await signIn(shopAnswering(body), headers)
      expect({ status: res.status, body: await res.json() }).toEqual({ status: 502, body: UNUSABLE })
      expect(res.headers.getSetCookie()).toEqual([])
    }
    expect(await families(1)).toEqual(before)
  })
})

describe('a social sign-in of a customer the edge has no copy of', () => {
  it('keeps a row no password matches, so the session rotates and a password login still goes to the shop', async () => {
    // Customer 5 exists only in the demo shop (docs/demo-shop.md).
    const shopOnly = { id: 5, email: 'shop-only@example.com', firstName: 'Sam', lastName: 'Shop' }
    expect(await env.DB.prepare('select id from customers where id = 5').first()).toBeNull()
    const res = await signIn(
      shopAnswering(async () => ({
        token: await mint(customerClaims(5, shopOnly.email)),
        token_type: 'Bearer',
        expires_in: 3600,
        customer: shopOnly,
        isNewCustomer: true,
        profileIncomplete: false,
      })),
    )
    expect(res.status).toBe(200)
    const body = await res.json<SocialAnswer>()
    expect(body).toMatchObject({ customer: shopOnly, isNewCustomer: true, profileIncomplete: false })
    expect(await env.DB.prepare('select email, password_hash, confirmed_at, is_active from customers where id = 5').first()).toEqual({
      email: shopOnly.email,
      password_hash: '',
      confirmed_at: null,
      is_active: 1,
    })
    const rotated = await rotate(body.refreshToken)
    expect(rotated.status).toBe(200)
    expect(await rotated.json()).toMatchObject({ customer: { id: 5, email: shopOnly.email } })

    const login = await postJson('/auth/token', { email: shopOnly.email, password: 'password123' })
    expect(login.status).toBe(200)
    const copy = await env.DB.prepare('select password_hash, confirmed_at from customers where id = 5').first<{
      password_hash: string
      confirmed_at: number | null
    }>()
    expect(copy?.password_hash).not.toBe('')
    expect(copy?.confirmed_at).not.toBeNull()
  })
})
