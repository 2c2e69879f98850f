import { env } from 'cloudflare:workers'
import { describe, expect, it } from 'vitest'
import { createCustomer } from './helpers/accounts'
import { ANSWERS, oauthError } from './helpers/answers'
import { callWith } from './helpers/gateway-env'
import { BASE, call, postJson } from './helpers/http'
import { newProbe, originHits, PROBE_HEADER } from './helpers/origin'
import { COOKIE_ORIGIN, cookieValue, families, login, setCookies, type TokenAnswer } from './helpers/sessions'
import { bearer, customerClaims, mint } from './helpers/tokens'

const CSRF_REFUSED = { error: 'forbidden', message: 'Cross-site request refused', code: 403 }
const FIRST_PARTY = { Origin: COOKIE_ORIGIN, 'X-Requested-With': 'storefront' }

interface Echo {
  receivedHeaders: Record<string, string>
}

/** A cookie-mode login: the two cookie values and the answer. */
async function cookieLogin(email: string) {
  const res = await postJson('/auth/token', { email, password: 'password123' }, { headers: { Origin: COOKIE_ORIGIN } })
  expect(res.status).toBe(200)
  const cookies = setCookies(res)
  return { res, access: cookieValue(cookies['__Host-gh_access']), refresh: cookieValue(cookies['__Secure-gh_refresh']) }
}

const jar = (session: { access?: string; refresh?: string }) =>
  [session.access && `__Host-gh_access=${session.access}`, session.refresh && `__Secure-gh_refresh=${session.refresh}`].filter(Boolean).join('; ')

describe('cookie mode at login', () => {
  it('sets the access and refresh cookies (HttpOnly, Secure, SameSite=Strict, the refresh one on the auth path) and keeps tokens out of the body', async () => {
    const { id, email } = await createCustomer()
    const { res, access, refresh } = await cookieLogin(email)
    expect(await res.json()).toEqual({ expiresIn: 3600, expires_in: 3600, customer: { id, email, firstName: 'Test', lastName: 'User' } })
    const cookies = setCookies(res)
    expect(cookies['__Host-gh_access']).toBe(`__Host-gh_access=${access}; Max-Age=3600; Path=/; HttpOnly; Secure; SameSite=Strict`)
    expect(cookies['__Secure-gh_refresh']).toBe(`__Secure-gh_refresh=${refresh}; Max-Age=2592000; Path=/api/rest/v2/auth; HttpOnly; Secure; SameSite=Strict`)
    expect(access).toMatch(/^eyJ/)
    expect(refresh).toMatch(/^ghr_[A-Za-z0-9_-]{43}$/)
    // The storefront's script may send the cookies cross-origin to the API, and only this origin.
    expect(res.headers.get('Access-Control-Allow-Origin')).toBe(COOKIE_ORIGIN)
    expect(res.headers.get('Access-Control-Allow-Credentials')).toBe('true')
  })

  it('follows COOKIE_SAMESITE=Lax', async () => {
    const { email } = await createCustomer()
    const res = await callWith({ COOKIE_SAMESITE: 'Lax' }, '/auth/token', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Origin: COOKIE_ORIGIN },
      body: JSON.stringify({ email, password: 'password123' }),
    })
    expect(res.headers.getSetCookie().map((c) => c.endsWith('; SameSite=Lax'))).toEqual([true, true])
  })

  for (const origin of [undefined, 'http://shop.localhost', 'https://evil.example', 'http://localhost:8787/', 'null']) {
    it(`stays in token mode for ${origin === undefined ? 'a request without Origin' : `Origin ${origin}`}`, async () => {
      const { email } = await createCustomer()
      const res = await postJson('/auth/token', { email, password: 'password123' }, { headers: origin ? { Origin: origin } : {} })
      expect(res.status).toBe(200)
      expect(res.headers.getSetCookie()).toEqual([])
      expect(await res.json()).toMatchObject({ token: expect.any(String), refreshToken: expect.any(String) })
      expect(res.headers.get('Access-Control-Allow-Credentials')).toBeNull()
    })
  }
})

describe('the access cookie at the gateway', () => {
  it('is verified like a Bearer and reaches the shop as Authorization: Bearer, with the other cookies but none of gatehouse', async () => {
    const { id, email } = await createCustomer()
    const session = await cookieLogin(email)
    const res = await call('/customers/me', { headers: { Cookie: `theme=dark; ${jar(session)}; __Host-gh_other=x; __secure-GH_any=y; lang=en` } })
    expect(res.status).toBe(200)
    const { receivedHeaders } = await res.json<Echo>()
    expect(receivedHeaders.authorization).toBe(`Bearer ${session.access}`)
    expect(receivedHeaders['x-gatehouse-customer-id']).toBe(String(id))
    expect(receivedHeaders.cookie).toBe('theme=dark; lang=en')
  })

  it('drops the Cookie header when it held nothing but gatehouse cookies', async () => {
    const { email } = await createCustomer()
    const session = await cookieLogin(email)
    const { receivedHeaders } = await (await call('/customers/me', { headers: { Cookie: jar(session) } })).json<Echo>()
    expect(receivedHeaders.cookie).toBeUndefined()
  })

  const refused = [
    // One signature character changed well inside the signature: its last character carries unused
    // bits, so changing only the end could spell the same signature (about 1 run in 1,000).
    {
      name: 'forged',
      cookie: async () => {
        const t = await mint(customerClaims(1))
        const i = t.length - 10
        return t.slice(0, i) + (t[i] === 'A' ? 'B' : 'A') + t.slice(i + 1)
      },
    },
    {
      name: 'expired',
      cookie: async () => {
        const c = customerClaims(1)
        return mint({ ...c, iat: c.iat! - 7200, nbf: c.iat! - 7200, exp: c.iat! - 3600 })
      },
    },
    { name: 'not a JWT', cookie: async () => 'hello' },
  ]
  for (const row of refused) {
    it(`refuses a ${row.name} access cookie with 401 invalid_token, even on a public route`, async () => {
      const res = await call('/products', { headers: { Cookie: `__Host-gh_access=${await row.cookie()}` } })
      expect(res.status).toBe(401)
      expect(await res.json()).toEqual(ANSWERS.invalidToken)
    })
  }

  it('refuses the access cookie sent twice (a shadowing cookie from elsewhere on the site)', async () => {
    const { email } = await createCustomer()
    const { access } = await cookieLogin(email)
    const res = await call('/customers/me', { headers: { Cookie: `__Host-gh_access=${access}; __Host-gh_access=${access}` } })
    expect(res.status).toBe(401)
    expect(await res.json()).toEqual(ANSWERS.invalidToken)
  })

  it('lets an Authorization header win over the cookie: the Bearer speaks, the cookie is ignored and stripped', async () => {
    const a = await createCustomer()
    const b = await createCustomer()
    const tokenA = (await login(a.email)).token
    const cookieB = await cookieLogin(b.email)
    const res = await call('/customers/me', { headers: { ...bearer(tokenA), Cookie: jar(cookieB) } })
    const { receivedHeaders } = await res.json<Echo>()
    expect(receivedHeaders['x-gatehouse-customer-id']).toBe(String(a.id))
    expect(receivedHeaders.authorization).toBe(`Bearer ${tokenA}`)
    expect(receivedHeaders.cookie).toBeUndefined()
  })

  it('never falls back to the cookie when the Bearer is refused', async () => {
    const { email } = await createCustomer()
    const session = await cookieLogin(email)
    const res = await call('/customers/me', { headers: { Authorization: 'Bearer not.a.token', Cookie: jar(session) } })
    expect(res.status).toBe(401)
    expect(await res.json()).toEqual(ANSWERS.invalidToken)
  })

  it('asks no CSRF proof of a Bearer request that also carries the cookie (a cross-site form cannot set Authorization)', async () => {
    const { email } = await createCustomer()
    const { token } = await login(email)
    const session = await cookieLogin(email)
    const res = await postJson(
      '/customers/me/addresses',
      { city: 'X' },
      { headers: { ...bearer(token), Cookie: jar(session), Origin: 'https://evil.example' } },
    )
    expect(res.status).toBe(200)
  })
})

describe('CSRF: cookie-authenticated unsafe methods need a first-party origin and X-Requested-With', () => {
  const rows: { name: string; headers: Record<string, string>; status: number }[] = [
    { name: 'no Origin, no Sec-Fetch-Site', headers: { 'X-Requested-With': 'x' }, status: 403 },
    { name: 'a foreign Origin', headers: { Origin: 'https://evil.example', 'X-Requested-With': 'x' }, status: 403 },
    { name: 'Origin null (sandboxed frame, file:)', headers: { Origin: 'null', 'X-Requested-With': 'x' }, status: 403 },
    { name: 'an allowed Origin without X-Requested-With', headers: { Origin: COOKIE_ORIGIN }, status: 403 },
    { name: 'an allowed Origin with an empty X-Requested-With', headers: { Origin: COOKIE_ORIGIN, 'X-Requested-With': ' ' }, status: 403 },
    { name: 'the allowed Origin with a trailing slash', headers: { Origin: `${COOKIE_ORIGIN}/`, 'X-Requested-With': 'x' }, status: 403 },
    { name: 'the allowed host over https', headers: { Origin: 'https://localhost:8787', 'X-Requested-With': 'x' }, status: 403 },
    { name: 'the allowed host in upper case', headers: { Origin: 'http://LOCALHOST:8787', 'X-Requested-With': 'x' }, status: 403 },
    { name: 'the allowed host on another port', headers: { Origin: 'http://localhost:8788', 'X-Requested-With': 'x' }, status: 403 },
    { name: 'a CORS origin that is not a cookie origin', headers: { Origin: 'http://shop.localhost', 'X-Requested-With': 'x' }, status: 403 },
    { name: 'Sec-Fetch-Site: same-site', headers: { 'Sec-Fetch-Site': 'same-site', 'X-Requested-With': 'x' }, status: 403 },
    { name: 'Sec-Fetch-Site: cross-site', headers: { 'Sec-Fetch-Site': 'cross-site', 'X-Requested-With': 'x' }, status: 403 },
    { name: 'Sec-Fetch-Site: none', headers: { 'Sec-Fetch-Site': 'none', 'X-Requested-With': 'x' }, status: 403 },
    {
      name: 'Sec-Fetch-Site: same-origin with a foreign Origin',
      headers: { 'Sec-Fetch-Site': 'same-origin', Origin: 'https://evil.example', 'X-Requested-With': 'x' },
      status: 403,
    },
    { name: 'Sec-Fetch-Site: same-origin without X-Requested-With', headers: { 'Sec-Fetch-Site': 'same-origin' }, status: 403 },
    {
      name: 'a cross-site form post',
      headers: { Origin: 'https://evil.example', 'Sec-Fetch-Site': 'cross-site', 'Content-Type': 'application/x-www-form-urlencoded' },
      status: 403,
    },
    { name: 'an allowed Origin with X-Requested-With', headers: { Origin: COOKIE_ORIGIN, 'X-Requested-With': 'x' }, status: 200 },
    { name: 'Sec-Fetch-Site: same-origin with X-Requested-With', headers: { 'Sec-Fetch-Site': 'same-origin', 'X-Requested-With': 'x' }, status: 200 },
    { name: 'Sec-Fetch-Site: same-origin, own Origin', headers: { 'Sec-Fetch-Site': 'same-origin', Origin: BASE, 'X-Requested-With': 'x' }, status: 200 },
  ]
  for (const method of ['POST', 'PUT', 'DELETE']) {
    const path = method === 'POST' ? '/customers/me/addresses' : '/customers/me/addresses/1'
    for (const row of rows) {
      it(`${method} with ${row.name}: ${row.status}`, async () => {
        const { email } = await createCustomer()
        const session = await cookieLogin(email)
        const probe = newProbe()
        const headers = { 'Content-Type': 'application/json', ...row.headers, Cookie: jar(session), [PROBE_HEADER]: probe }
        const res = await call(path, { method, headers, body: '{"city":"X"}' })
        expect(res.status).toBe(row.status)
        if (row.status === 403) {
          expect(await res.json()).toEqual(CSRF_REFUSED)
          expect(await originHits(probe)).toBe(0)
        }
      })
    }
  }

  it('asks nothing of a safe method (GET) with the cookie', async () => {
    const { email } = await createCustomer()
    const session = await cookieLogin(email)
    expect((await call('/customers/me', { headers: { Cookie: jar(session), Origin: 'https://evil.example' } })).status).toBe(200)
  })

  for (const [path, body] of [
    ['/auth/refresh', undefined],
    ['/auth/logout', '{"everywhere":true}'],
    ['/auth/token', '{"grant_type":"refresh_token"}'],
  ] as const) {
    it(`refuses a cross-site ${path} with the session cookies and changes nothing`, async () => {
      const { id, email } = await createCustomer()
      const session = await cookieLogin(email)
      const headers = { 'Content-Type': 'application/json', Origin: 'https://evil.example', 'X-Requested-With': 'x', Cookie: jar(session) }
      const res = await call(path, { method: 'POST', headers, body })
      expect(res.status).toBe(403)
      // The token endpoint speaks OAuth 2.0: its refusals add error_description (RFC 6749 §5.2).
      expect(await res.json()).toEqual(path === '/auth/token' ? oauthError(CSRF_REFUSED) : CSRF_REFUSED)
      expect(res.headers.getSetCookie()).toEqual([])
      expect(await families(id)).toEqual([expect.objectContaining({ revoked_at: null })])
      expect((await call('/customers/me', { headers: { Cookie: jar(session) } })).status).toBe(200)
    })
  }
})

describe('refresh and logout in cookie mode', () => {
  it('POST /auth/refresh with the refresh cookie rotates both cookies', async () => {
    const { id, email } = await createCustomer()
    const session = await cookieLogin(email)
    const res = await call('/auth/refresh', { method: 'POST', headers: { ...FIRST_PARTY, Cookie: jar(session) } })
    expect(res.status).toBe(200)
    expect(await res.json()).toEqual({ expiresIn: 3600, expires_in: 3600, customer: { id, email, firstName: 'Test', lastName: 'User' } })
    const cookies = setCookies(res)
    const next = { access: cookieValue(cookies['__Host-gh_access']), refresh: cookieValue(cookies['__Secure-gh_refresh']) }
    expect(next.refresh).toMatch(/^ghr_/)
    expect(next.refresh).not.toBe(session.refresh)
    expect(next.access).not.toBe(session.access)
    expect((await call('/customers/me', { headers: { Cookie: jar(next) } })).status).toBe(200)
  })

  it('grant_type=refresh_token without a body token takes the cookie and answers with cookies', async () => {
    const { email } = await createCustomer()
    const session = await cookieLogin(email)
    const res = await postJson(
      '/auth/token',
      { grant_type: 'refresh_token' },
      { headers: { ...FIRST_PARTY, Cookie: `__Secure-gh_refresh=${session.refresh}` } },
    )
    expect(res.status).toBe(200)
    expect(Object.keys(await res.json<object>())).toEqual(['expiresIn', 'expires_in', 'customer'])
    expect(Object.keys(setCookies(res)).sort()).toEqual(['__Host-gh_access', '__Secure-gh_refresh'])
  })

  it('refuses the refresh cookie sent twice and changes nothing', async () => {
    const { email } = await createCustomer()
    const session = await cookieLogin(email)
    const res = await call('/auth/refresh', {
      method: 'POST',
      headers: { ...FIRST_PARTY, Cookie: `__Secure-gh_refresh=ghr_${'A'.repeat(43)}; ${jar(session)}` },
    })
    expect(res.status).toBe(400)
    expect(await res.json()).toEqual(ANSWERS.invalidGrant)
    expect((await call('/auth/refresh', { method: 'POST', headers: { ...FIRST_PARTY, Cookie: jar(session) } })).status).toBe(200)
  })

  it('logout clears both cookies, ends the family and revokes the access token', async () => {
    const { id, email } = await createCustomer()
    const session = await cookieLogin(email)
    const res = await call('/auth/logout', { method: 'POST', headers: { ...FIRST_PARTY, Cookie: jar(session) } })
    expect(res.status).toBe(200)
    expect(await res.json()).toEqual({ success: true, message: 'Successfully logged out' })
    expect(res.headers.getSetCookie()).toEqual([
      '__Host-gh_access=; Max-Age=0; Path=/; HttpOnly; Secure; SameSite=Strict',
      '__Secure-gh_refresh=; Max-Age=0; Path=/api/rest/v2/auth; HttpOnly; Secure; SameSite=Strict',
    ])
    expect((await families(id))[0]).toMatchObject({ revoked_reason: 'logout' })
    expect((await call('/customers/me', { headers: { Cookie: jar(session) } })).status).toBe(401)
    expect((await call('/auth/refresh', { method: 'POST', headers: { ...FIRST_PARTY, Cookie: `__Secure-gh_refresh=${session.refresh}` } })).status).toBe(400)
  })

  it('logs out with the refresh cookie alone once the access cookie is gone', async () => {
    const { id, email } = await createCustomer()
    const session = await cookieLogin(email)
    const res = await call('/auth/logout', { method: 'POST', headers: { ...FIRST_PARTY, Cookie: `__Secure-gh_refresh=${session.refresh}` } })
    expect(res.status).toBe(200)
    expect((await families(id))[0]).toMatchObject({ revoked_reason: 'logout' })
    // The family's access token is revoked too.
    expect((await call('/customers/me', { headers: { Cookie: `__Host-gh_access=${session.access}` } })).status).toBe(401)
  })

  it('logout everywhere with the cookies ends every family of the customer', async () => {
    const { id, email } = await createCustomer()
    const phone = await login(email)
    const browser = await cookieLogin(email)
    const res = await call('/auth/logout', {
      method: 'POST',
      headers: { ...FIRST_PARTY, 'Content-Type': 'application/json', Cookie: jar(browser) },
      body: '{"everywhere":true}',
    })
    expect(res.status).toBe(200)
    expect((await families(id)).map((f) => f.revoked_at !== null)).toEqual([true, true])
    expect((await call('/customers/me', { headers: bearer(phone.token) })).status).toBe(401)
    const rotated = await postJson('/auth/token', { grant_type: 'refresh_token', refresh_token: phone.refreshToken })
    expect(rotated.status).toBe(400)
  })

  it('without any credential logout is still 401 Authentication required', async () => {
    const res = await call('/auth/logout', { method: 'POST', headers: FIRST_PARTY })
    expect(res.status).toBe(401)
    expect(await res.json()).toEqual(ANSWERS.noToken)
  })
})

describe('cookie mode stays off where it is not configured', () => {
  it('with COOKIE_ORIGINS empty a login from the storefront origin gets tokens, not cookies', async () => {
    const { email } = await createCustomer()
    const res = await callWith({ COOKIE_ORIGINS: '' }, '/auth/token', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Origin: COOKIE_ORIGIN },
      body: JSON.stringify({ email, password: 'password123' }),
    })
    expect(res.headers.getSetCookie()).toEqual([])
    expect(await res.json<TokenAnswer>()).toMatchObject({ token: expect.any(String) })
  })

  it('the session tables hold no plaintext token', async () => {
    const { email } = await createCustomer()
    const session = await cookieLogin(email)
    const dump = JSON.stringify([
      (await env.DB.prepare('select * from refresh_tokens').all()).results,
      (await env.DB.prepare('select * from refresh_families').all()).results,
    ])
    expect(dump).not.toContain(session.refresh.slice(4))
  })
})
