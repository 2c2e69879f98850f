// GET/DELETE /auth/sessions: a customer sees their refresh families (device, place, current) and
// ends one, or all but the current; never another customer's, never a token in a listing.
import { exports } from 'cloudflare:workers'
import { describe, expect, it } from 'vitest'
import { createCustomer } from './helpers/accounts'
import { ANSWERS, oauthError } from './helpers/answers'
import { API, call, freshIp } from './helpers/http'
import { COOKIE_ORIGIN, cookieValue, families, rotate, setCookies, type TokenAnswer } from './helpers/sessions'
import { bearer, customerClaims, mint, serviceClaims } from './helpers/tokens'

const IPHONE_SAFARI = 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1'
const WINDOWS_FIREFOX = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:125.0) Gecko/20100101 Firefox/125.0'
const HEX32 = /^[0-9a-f]{32}$/
const ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.000Z$/
const CSRF_REFUSED = { error: 'forbidden', message: 'Cross-site request refused', code: 403 }

interface Session {
  id: string
  createdAt: string
  lastUsedAt: string
  device: string
  location: { login: { country: string; city: string | null } | null; lastUse: { country: string; city: string | null } | null }
  current: boolean
}

/** A request as Cloudflare's edge hands it over: a User-Agent and request.cf's country and city. */
function fromDevice(path: string, init: RequestInit & { userAgent?: string; cf?: { country?: string; city?: string } } = {}): Promise<Response> {
  const headers = new Headers(init.headers)
  headers.set('CF-Connecting-IP', freshIp())
  if (init.userAgent) headers.set('User-Agent', init.userAgent)
  return exports.default.fetch(new Request(`${API}${path}`, { ...init, headers, cf: init.cf ?? {} }))
}

async function loginFrom(email: string, userAgent: string, cf: { country?: string; city?: string }): Promise<TokenAnswer> {
  const res = await fromDevice('/auth/token', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ email, password: 'password123' }),
    userAgent,
    cf,
  })
  expect(res.status).toBe(200)
  return res.json<TokenAnswer>()
}

async function list(token: string): Promise<Session[]> {
  const res = await call('/auth/sessions', { headers: bearer(token) })
  expect(res.status).toBe(200)
  const body = await res.json<{ sessions: Session[] }>()
  expect(Object.keys(body)).toEqual(['sessions'])
  return body.sessions
}

const end = (token: string, id?: string) => call(`/auth/sessions${id === undefined ? '' : `/${id}`}`, { method: 'DELETE', headers: bearer(token) })

describe('listing sessions', () => {
  it('lists each login with its device, place at login and last use, and marks the asking one current', async () => {
    const { email } = await createCustomer()
    const phone = await loginFrom(email, IPHONE_SAFARI, { country: 'DE', city: 'Berlin' })
    const laptop = await loginFrom(email, WINDOWS_FIREFOX, { country: 'FR' })

    const sessions = await list(laptop.token)
    expect(sessions).toHaveLength(2)
    const [newest, oldest] = sessions
    expect(oldest).toEqual({
      id: expect.stringMatching(HEX32),
      createdAt: expect.stringMatching(ISO),
      lastUsedAt: oldest!.createdAt,
      device: 'Safari on iPhone',
      location: { login: { country: 'DE', city: 'Berlin' }, lastUse: { country: 'DE', city: 'Berlin' } },
      current: false,
    })
    expect(newest).toMatchObject({
      device: 'Firefox on Windows',
      location: { login: { country: 'FR', city: null }, lastUse: { country: 'FR', city: null } },
      current: true,
    })
    expect((await list(phone.token)).map((s) => s.current)).toEqual([false, true])
  })

  it('never shows a token, a refresh token or its hash', async () => {
    const { email } = await createCustomer()
    const session = await loginFrom(email, IPHONE_SAFARI, { country: 'DE' })
    const text = await (await call('/auth/sessions', { headers: bearer(session.token) })).text()
    expect(text).not.toContain(session.token)
    expect(text).not.toContain(session.refreshToken)
    expect(text).not.toContain('ghr_')
    expect(text).not.toContain('eyJ')
  })

  it('updates the last use and its place when the refresh token rotates, and keeps the session id', async () => {
    const { email } = await createCustomer()
    const first = await loginFrom(email, IPHONE_SAFARI, { country: 'DE', city: 'Berlin' })
    const [before] = await list(first.token)
    const res = await fromDevice('/auth/token', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ grant_type: 'refresh_token', refresh_token: first.refreshToken }),
      userAgent: IPHONE_SAFARI,
      cf: { country: 'AT', city: 'Wien' },
    })
    expect(res.status).toBe(200)
    const rotated = await res.json<TokenAnswer>()
    const [after] = await list(rotated.token)
    expect(after).toMatchObject({
      id: before!.id,
      current: true,
      location: { login: { country: 'DE', city: 'Berlin' }, lastUse: { country: 'AT', city: 'Wien' } },
    })
    expect(Date.parse(after!.lastUsedAt)).toBeGreaterThanOrEqual(Date.parse(before!.createdAt))
  })

  it('counts POST /auth/refresh with one of its access tokens as a use, from where it came', async () => {
    const { email } = await createCustomer()
    const first = await loginFrom(email, IPHONE_SAFARI, { country: 'DE' })
    const res = await fromDevice('/auth/refresh', { method: 'POST', headers: bearer(first.token), cf: { country: 'CH', city: 'Zürich' } })
    expect(res.status).toBe(200)
    const { token } = await res.json<{ token: string }>()
    const [session] = await list(token)
    expect(session).toMatchObject({ current: true, location: { login: { country: 'DE', city: null }, lastUse: { country: 'CH', city: 'Zürich' } } })
  })

  it("leaves out ended sessions and other customers' sessions", async () => {
    const { email } = await createCustomer()
    const other = await createCustomer()
    const kept = await loginFrom(email, IPHONE_SAFARI, {})
    const gone = await loginFrom(email, WINDOWS_FIREFOX, {})
    await loginFrom(other.email, WINDOWS_FIREFOX, {})
    expect((await call('/auth/logout', { method: 'POST', headers: bearer(gone.token) })).status).toBe(200)
    const sessions = await list(kept.token)
    expect(sessions).toEqual([expect.objectContaining({ current: true, device: 'Safari on iPhone', location: { login: null, lastUse: null } })])
  })

  it('lists nothing current for a token that is not from a login with a refresh token', async () => {
    const { id, email } = await createCustomer()
    await loginFrom(email, IPHONE_SAFARI, {})
    const minted = await mint(customerClaims(id, email))
    expect((await list(minted)).map((s) => s.current)).toEqual([false])
  })
})

describe('ending sessions', () => {
  it('DELETE /auth/sessions/{id} ends that session: its refresh token and its access token stop working, the others go on', async () => {
    const { id, email } = await createCustomer()
    const phone = await loginFrom(email, IPHONE_SAFARI, {})
    const laptop = await loginFrom(email, WINDOWS_FIREFOX, {})
    const phoneId = (await list(laptop.token)).find((s) => !s.current)!.id

    const res = await end(laptop.token, phoneId)
    expect(res.status).toBe(200)
    expect(await res.json()).toEqual({ success: true, message: 'Session ended' })
    expect((await call('/customers/me', { headers: bearer(phone.token) })).status).toBe(401)
    expect(await (await rotate(phone.refreshToken)).json()).toEqual(oauthError(ANSWERS.invalidGrant))
    expect((await call('/customers/me', { headers: bearer(laptop.token) })).status).toBe(200)
    expect((await list(laptop.token)).map((s) => s.current)).toEqual([true])
    expect((await families(id)).find((f) => f.id === phoneId)?.revoked_reason).toBe('session_ended')
    // Once ended it is no longer one of the customer's sessions.
    expect((await end(laptop.token, phoneId)).status).toBe(404)
  })

  it('DELETE /auth/sessions/{id} of the current session ends it like a logout', async () => {
    const { email } = await createCustomer()
    const only = await loginFrom(email, IPHONE_SAFARI, {})
    const [current] = await list(only.token)
    expect((await end(only.token, current!.id)).status).toBe(200)
    expect((await call('/customers/me', { headers: bearer(only.token) })).status).toBe(401)
  })

  it('DELETE /auth/sessions ends every session but the current one, and a token refreshed at /auth/refresh with them', async () => {
    const { email } = await createCustomer()
    const a = await loginFrom(email, IPHONE_SAFARI, {})
    const b = await loginFrom(email, WINDOWS_FIREFOX, {})
    const refreshedB = await (await call('/auth/refresh', { method: 'POST', headers: bearer(b.token) })).json<{ token: string }>()
    const me = await loginFrom(email, WINDOWS_FIREFOX, {})

    const res = await end(me.token)
    expect(res.status).toBe(200)
    expect(await res.json()).toEqual({ success: true, message: 'Other sessions ended', ended: 2 })
    for (const token of [a.token, refreshedB.token]) expect((await call('/customers/me', { headers: bearer(token) })).status).toBe(401)
    for (const refresh of [a.refreshToken, b.refreshToken]) expect((await rotate(refresh)).status).toBe(400)
    expect((await call('/customers/me', { headers: bearer(me.token) })).status).toBe(200)
    expect((await list(me.token)).map((s) => s.current)).toEqual([true])
  })

  it("another customer's session id answers 404 and ends nothing", async () => {
    const mine = await createCustomer()
    const theirs = await createCustomer()
    const me = await loginFrom(mine.email, IPHONE_SAFARI, {})
    const them = await loginFrom(theirs.email, IPHONE_SAFARI, {})
    const [theirSession] = await list(them.token)
    const res = await end(me.token, theirSession!.id)
    expect(res.status).toBe(404)
    expect(await res.json()).toEqual(ANSWERS.notFound)
    expect((await call('/customers/me', { headers: bearer(them.token) })).status).toBe(200)
    expect((await rotate(them.refreshToken)).status).toBe(200)
  })
})

describe('hostile session requests', () => {
  const notIds = [
    { name: 'not hex', id: 'z'.repeat(32) },
    { name: 'upper-case hex', id: 'A'.repeat(32) },
    { name: '31 characters', id: 'a'.repeat(31) },
    { name: '33 characters', id: 'a'.repeat(33) },
    { name: 'a SQL fragment', id: "1' or '1'='1" },
    { name: 'percent-encoded hex', id: '%61'.repeat(32) },
    { name: '10 kB', id: 'a'.repeat(10_000) },
  ]
  for (const { name, id } of notIds) {
    it(`DELETE /auth/sessions/{${name}} is 404 not_found`, async () => {
      const { email } = await createCustomer()
      const me = await loginFrom(email, IPHONE_SAFARI, {})
      const res = await end(me.token, encodeURIComponent(id))
      expect(res.status).toBe(404)
      expect(await res.json()).toEqual(ANSWERS.notFound)
      expect((await call('/customers/me', { headers: bearer(me.token) })).status).toBe(200)
    })
  }

  const refusals: { name: string; method: string; headers: Record<string, string>; status: number; body: unknown }[] = [
    { name: 'no credentials', method: 'GET', headers: {}, status: 401, body: ANSWERS.noToken },
    { name: 'a forged token', method: 'GET', headers: { Authorization: 'Bearer eyJhbGciOiJIUzI1NiJ9.e30.x' }, status: 401, body: ANSWERS.invalidToken },
    { name: 'POST', method: 'POST', headers: {}, status: 405, body: ANSWERS.methodNotAllowed },
  ]
  for (const { name, method, headers, status, body } of refusals) {
    it(`${method} /auth/sessions with ${name} is ${status}`, async () => {
      const res = await call('/auth/sessions', { method, headers })
      expect(res.status).toBe(status)
      expect(await res.json()).toEqual(body)
    })
  }

  it("a service token is 403: sessions are a customer's own", async () => {
    const res = await call('/auth/sessions', { headers: bearer(await mint(serviceClaims(1, 'admin', ['all']))) })
    expect(res.status).toBe(403)
    expect(await res.json()).toEqual(ANSWERS.forbidden)
  })

  it('a revoked token lists nothing: 401', async () => {
    const { email } = await createCustomer()
    const me = await loginFrom(email, IPHONE_SAFARI, {})
    await call('/auth/logout', { method: 'POST', headers: bearer(me.token) })
    expect((await call('/auth/sessions', { headers: bearer(me.token) })).status).toBe(401)
  })
})

describe('sessions in cookie mode', () => {
  async function cookieLogin(email: string) {
    const res = await fromDevice('/auth/token', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Origin: COOKIE_ORIGIN },
      body: JSON.stringify({ email, password: 'password123' }),
      userAgent: WINDOWS_FIREFOX,
    })
    expect(res.status).toBe(200)
    return `__Host-gh_access=${cookieValue(setCookies(res)['__Host-gh_access'])}`
  }

  it('lists with the access cookie; DELETE needs the first-party Origin and X-Requested-With', async () => {
    const { email } = await createCustomer()
    const other = await loginFrom(email, IPHONE_SAFARI, {})
    const cookie = await cookieLogin(email)
    const listed = await call('/auth/sessions', { headers: { Cookie: cookie } })
    expect(listed.status).toBe(200)
    const { sessions } = await listed.json<{ sessions: Session[] }>()
    expect(sessions.map((s) => [s.device, s.current])).toEqual([
      ['Firefox on Windows', true],
      ['Safari on iPhone', false],
    ])
    const phoneId = sessions[1]!.id

    const refusedHeaders: Record<string, string>[] = [
      { Cookie: cookie },
      { Cookie: cookie, Origin: 'https://evil.example', 'X-Requested-With': 'x' },
      { Cookie: cookie, Origin: COOKIE_ORIGIN },
    ]
    for (const headers of refusedHeaders) {
      const refused = await call(`/auth/sessions/${phoneId}`, { method: 'DELETE', headers })
      expect(refused.status).toBe(403)
      expect(await refused.json()).toEqual(CSRF_REFUSED)
    }
    expect((await call('/customers/me', { headers: bearer(other.token) })).status).toBe(200)

    const ended = await call(`/auth/sessions/${phoneId}`, {
      method: 'DELETE',
      headers: { Cookie: cookie, Origin: COOKIE_ORIGIN, 'X-Requested-With': 'storefront' },
    })
    expect(ended.status).toBe(200)
    expect(ended.headers.getSetCookie()).toEqual([])
    expect((await call('/customers/me', { headers: bearer(other.token) })).status).toBe(401)
  })

  it('ending the current session with the cookies is a logout: both cookies are cleared', async () => {
    const { email } = await createCustomer()
    const cookie = await cookieLogin(email)
    const [current] = (await (await call('/auth/sessions', { headers: { Cookie: cookie } })).json<{ sessions: Session[] }>()).sessions
    const res = await call(`/auth/sessions/${current!.id}`, {
      method: 'DELETE',
      headers: { Cookie: cookie, Origin: COOKIE_ORIGIN, 'X-Requested-With': 'storefront' },
    })
    expect(res.status).toBe(200)
    expect(Object.fromEntries(Object.entries(setCookies(res)).map(([name, line]) => [name, line.includes('Max-Age=0')]))).toEqual({
      '__Host-gh_access': true,
      '__Secure-gh_refresh': true,
    })
    expect((await call('/customers/me', { headers: { Cookie: cookie } })).status).toBe(401)
  })
})
