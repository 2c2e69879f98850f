import { env } from 'cloudflare:workers'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { createCustomer, PASSWORD123_BCRYPT, uniqueEmail } from './helpers/accounts'
import { ANSWERS, bothDialects, oauthError } from './helpers/answers'
import { brokenD1, brokenKv, reject } from './helpers/faults'
import { callWith } from './helpers/gateway-env'
import { call, postJson } from './helpers/http'
import { families, liveTokens, login, rotate, rotateForm, type TokenAnswer } from './helpers/sessions'
import { bearer, verifyIssued } from './helpers/tokens'

// The token endpoint speaks OAuth 2.0: its errors carry error_description (RFC 6749 §5.2).
const INVALID_GRANT = oauthError(ANSWERS.invalidGrant)
const MISSING = oauthError(ANSWERS.noRefreshToken)
const DAY = 86_400_000

afterEach(() => {
  vi.useRealTimers()
})

/** Freezes the clock the gateway reads (Date) at `ms`; later calls move it. */
function clockAt(ms: number): void {
  vi.useFakeTimers({ toFake: ['Date'] })
  vi.setSystemTime(ms)
}

async function sha256(text: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text))
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('')
}

async function expectInvalidGrant(res: Response) {
  expect(res.status).toBe(400)
  expect(res.headers.get('Cache-Control')).toBe('no-store')
  expect(await res.json()).toEqual(INVALID_GRANT)
}

const me = (token: string) => call('/customers/me', { headers: bearer(token) })

describe('refresh tokens at login', () => {
  it('a customer login answers an opaque refresh token in both spellings, stored only as its SHA-256', async () => {
    const { id, email } = await createCustomer()
    const body = await login(email)
    expect(body).toEqual({
      ...bothDialects({ token: body.token, tokenType: 'Bearer', expiresIn: 3600 }),
      refreshToken: expect.stringMatching(/^ghr_[A-Za-z0-9_-]{43}$/),
      refresh_token: body.refreshToken,
      customer: { id, email, firstName: 'Test', lastName: 'User' },
    })
    const { results } = await env.DB.prepare('select t.* from refresh_tokens t join refresh_families f on f.id = t.family_id where f.customer_id = ?')
      .bind(id)
      .all()
    expect(results).toEqual([expect.objectContaining({ token_hash: await sha256(body.refreshToken), rotated_at: null })])
    expect(JSON.stringify(results)).not.toContain(body.refreshToken.slice(4))
  })

  it('a login the shop answers (no D1 copy yet) gets one too, and it rotates', async () => {
    const email = uniqueEmail('shop-only')
    const made = await env.ORIGIN!.fetch('http://origin.test/__demo/shop/customers', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ email, passwordHash: PASSWORD123_BCRYPT, isActive: true }),
    })
    const { id } = await made.json<{ id: number }>()
    const first = await login(email)
    expect(first).toMatchObject({ refreshToken: expect.stringMatching(/^ghr_/), refresh_token: first.refreshToken, customer: { id, email } })
    const res = await rotate(first.refreshToken)
    expect(res.status).toBe(200)
    expect(await res.json()).toMatchObject({ customer: { id, email }, refreshToken: expect.stringMatching(/^ghr_/) })
    // The shop's own access token belongs to the family: logging out with it ends the family.
    await call('/auth/logout', { method: 'POST', headers: bearer(first.token) })
    expect(await families(id)).toEqual([expect.objectContaining({ revoked_reason: 'logout' })])
  })

  it('the service grants never get one (RFC 6749 §4.4.3)', async () => {
    const name = `svc-${crypto.randomUUID().slice(0, 8)}`
    const clientId = `maho_${crypto.randomUUID().replaceAll('-', '')}`
    await env.DB.prepare(
      // A copy the shop confirmed just now, so the login is answered at the edge.
      `insert into service_accounts (id, username, api_key_hash, client_id, client_secret_hash, is_active, permissions, confirmed_at)
       select (select max(id) + 1 from service_accounts), ?, api_key_hash, ?, client_secret_hash, 1, '["all"]', unixepoch() from service_accounts where id = 1`,
    )
      .bind(name, clientId)
      .run()
    for (const grant of [
      { grant_type: 'client_credentials', client_id: clientId, client_secret: 'demo-admin-secret' },
      { grant_type: 'api_user', username: name, api_key: 'demo-admin-key' },
    ]) {
      const res = await postJson('/auth/token', grant)
      expect(res.status).toBe(200)
      const body = await res.json<Record<string, unknown>>()
      expect(Object.keys(body).sort()).toEqual(['access_token', 'apiUser', 'expiresIn', 'expires_in', 'permissions', 'token', 'tokenType', 'token_type'])
    }
  })
})

describe('grant_type=refresh_token', () => {
  it('swaps a refresh token for a new access token and a new refresh token', async () => {
    const { id, email } = await createCustomer()
    const first = await login(email)
    const res = await rotate(first.refreshToken)
    expect(res.status).toBe(200)
    expect(res.headers.get('Cache-Control')).toBe('no-store')
    const next = await res.json<TokenAnswer>()
    expect(next).toEqual({
      ...bothDialects({ token: next.token, tokenType: 'Bearer', expiresIn: 3600 }),
      refreshToken: expect.stringMatching(/^ghr_[A-Za-z0-9_-]{43}$/),
      refresh_token: next.refreshToken,
      customer: { id, email, firstName: 'Test', lastName: 'User' },
    })
    expect(next.refreshToken).not.toBe(first.refreshToken)
    const claims = (await verifyIssued(next.token)).payload
    expect(claims).toMatchObject({ sub: `customer_${id}`, customer_id: id, email })
    expect(claims.jti).not.toBe((await verifyIssued(first.token)).payload.jti)
    expect((await me(next.token)).status).toBe(200)
    expect(await liveTokens(id)).toBe(1)
  })

  it('refuses the refresh token spelled with an unused bit set, and the family lives on', async () => {
    const { id, email } = await createCustomer()
    const first = await login(email)
    const last = first.refreshToken.at(-1)!
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'
    // 43 characters hold 256 bits and 2 unused ones: this spelling decodes to the same 32 bytes.
    const respelled = first.refreshToken.slice(0, -1) + alphabet[alphabet.indexOf(last) ^ 1]
    await expectInvalidGrant(await rotate(respelled))
    expect(await families(id)).toEqual([expect.objectContaining({ revoked_at: null })])
    expect((await rotate(first.refreshToken)).status).toBe(200)
  })

  it('takes the grant as a form body too', async () => {
    const { email } = await createCustomer()
    const first = await login(email)
    const res = await rotateForm(`grant_type=refresh_token&refresh_token=${encodeURIComponent(first.refreshToken)}`)
    expect(res.status).toBe(200)
    expect(await res.json()).toMatchObject({ tokenType: 'Bearer', refreshToken: expect.stringMatching(/^ghr_/) })
  })

  it('answers a retry inside the grace window exactly as the first time, and then goes on', async () => {
    const { id, email } = await createCustomer()
    const start = Date.now()
    clockAt(start)
    const first = await login(email)
    const answer = await (await rotate(first.refreshToken)).text()
    vi.setSystemTime(start + 4_000)
    const retry = await rotate(first.refreshToken)
    expect(retry.status).toBe(200)
    expect(await retry.text()).toBe(answer)
    expect(await liveTokens(id)).toBe(1)
    expect((await families(id))[0]!.revoked_at).toBeNull()
    const { refreshToken } = JSON.parse(answer) as TokenAnswer
    expect((await rotate(refreshToken)).status).toBe(200)
  })

  it('ends the family and revokes its access tokens when a rotated token comes back after the grace window', async () => {
    const { id, email } = await createCustomer()
    const start = Date.now()
    clockAt(start)
    const first = await login(email)
    const second = await (await rotate(first.refreshToken)).json<TokenAnswer>()
    expect((await me(second.token)).status).toBe(200)
    vi.setSystemTime(start + 6_000)
    await expectInvalidGrant(await rotate(first.refreshToken))
    expect(await families(id)).toEqual([expect.objectContaining({ revoked_reason: 'reuse', revoked_at: Math.floor((start + 6_000) / 1000) })])
    // The thief's and the customer's copies alike: the successor no longer rotates, no access token of the family works.
    await expectInvalidGrant(await rotate(second.refreshToken))
    for (const token of [first.token, second.token]) {
      const res = await me(token)
      expect(res.status).toBe(401)
      expect(await res.json()).toEqual(ANSWERS.invalidToken)
    }
    // Another session of the same customer is untouched (on the real clock: the demo shop checks
    // the Bearer's iat against its own).
    vi.useRealTimers()
    const other = await login(email)
    expect((await me(other.token)).status).toBe(200)
    expect((await rotate(other.refreshToken)).status).toBe(200)
  })

  it('counts a used token as reuse even inside the grace window once its successor was used', async () => {
    const { id, email } = await createCustomer()
    const first = await login(email)
    const second = await (await rotate(first.refreshToken)).json<TokenAnswer>()
    expect((await rotate(second.refreshToken)).status).toBe(200)
    await expectInvalidGrant(await rotate(first.refreshToken))
    expect((await families(id))[0]!.revoked_reason).toBe('reuse')
  })

  it('lets exactly one chain go on when eight rotations of one token race: all get the same answer', async () => {
    const { id, email } = await createCustomer()
    const first = await login(email)
    const answers = await Promise.all(Array.from({ length: 8 }, () => rotate(first.refreshToken)))
    expect(answers.map((res) => res.status)).toEqual(Array(8).fill(200))
    const bodies = await Promise.all(answers.map((res) => res.json<TokenAnswer>()))
    expect(new Set(bodies.map((b) => b.refreshToken)).size).toBe(1)
    expect(new Set(bodies.map((b) => b.token)).size).toBe(1)
    expect(await liveTokens(id)).toBe(1)
    expect((await rotate(bodies[0]!.refreshToken)).status).toBe(200)
    expect(await families(id)).toEqual([expect.objectContaining({ revoked_at: null })])
  })

  it('with REFRESH_GRACE_SECONDS=0 a retry one second later is reuse and ends the family', async () => {
    const { id, email } = await createCustomer()
    const start = Date.now()
    clockAt(start)
    const first = await login(email)
    const strict = { REFRESH_GRACE_SECONDS: '0' }
    const body = JSON.stringify({ grant_type: 'refresh_token', refresh_token: first.refreshToken })
    const post = () => callWith(strict, '/auth/token', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body })
    expect((await post()).status).toBe(200)
    vi.setSystemTime(start + 1_000)
    await expectInvalidGrant(await post())
    expect((await families(id))[0]!.revoked_reason).toBe('reuse')
  })
})

describe('refresh-token lifetimes (driven through the clock the gateway reads)', () => {
  it('a token unused for the idle lifetime (30 days by default) expires; the family is not treated as stolen', async () => {
    const { id, email } = await createCustomer()
    const start = Date.now()
    clockAt(start)
    const first = await login(email)
    vi.setSystemTime(start + 29 * DAY)
    const second = await (await rotate(first.refreshToken)).json<TokenAnswer>()
    expect(second.refreshToken).toMatch(/^ghr_/)
    vi.setSystemTime(start + 29 * DAY + 30 * DAY + 1_000)
    await expectInvalidGrant(await rotate(second.refreshToken))
    expect((await families(id))[0]!.revoked_at).toBeNull()
  })

  it('a family ends at the absolute lifetime (90 days by default), however often it rotates', async () => {
    const { email } = await createCustomer()
    const start = Date.now()
    clockAt(start)
    let { refreshToken } = await login(email)
    for (const day of [25, 50, 75]) {
      vi.setSystemTime(start + day * DAY)
      const res = await rotate(refreshToken)
      expect(res.status).toBe(200)
      ;({ refreshToken } = await res.json<TokenAnswer>())
    }
    vi.setSystemTime(start + 90 * DAY + 1_000)
    await expectInvalidGrant(await rotate(refreshToken))
  })

  it('follows REFRESH_IDLE_SECONDS and REFRESH_ABSOLUTE_SECONDS', async () => {
    const { email } = await createCustomer()
    const short = { REFRESH_IDLE_SECONDS: '120', REFRESH_ABSOLUTE_SECONDS: '300' }
    const post = (body: unknown) =>
      callWith(short, '/auth/token', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) })
    const start = Date.now()
    clockAt(start)
    const { refreshToken } = await (await post({ email, password: 'password123' })).json<TokenAnswer>()
    vi.setSystemTime(start + 100_000)
    const res = await post({ grant_type: 'refresh_token', refresh_token: refreshToken })
    expect(res.status).toBe(200)
    const next = await res.json<TokenAnswer>()
    vi.setSystemTime(start + 100_000 + 121_000)
    await expectInvalidGrant(await post({ grant_type: 'refresh_token', refresh_token: next.refreshToken }))
  })
})

describe('a rotation re-reads the account', () => {
  for (const [name, change] of [
    ['deactivated', 'update customers set is_active = 0 where id = ?'],
    ['deleted', 'delete from customers where id = ?'],
  ] as const) {
    it(`refuses and ends the family of a customer ${name} since the login`, async () => {
      const { id, email } = await createCustomer()
      const first = await login(email)
      await env.DB.prepare(change).bind(id).run()
      await expectInvalidGrant(await rotate(first.refreshToken))
      expect((await families(id))[0]!.revoked_reason).toBe('inactive')
      expect((await me(first.token)).status).toBe(401)
    })
  }
})

describe('hostile refresh requests', () => {
  const rows: { name: string; send: () => Promise<Response>; status: number; body: unknown }[] = [
    { name: 'no refresh_token (and no cookie)', send: () => postJson('/auth/token', { grant_type: 'refresh_token' }), status: 400, body: MISSING },
    { name: 'refresh_token a number', send: () => rotate(12345), status: 400, body: MISSING },
    { name: 'refresh_token an empty string', send: () => rotate(''), status: 400, body: MISSING },
    { name: 'refresh_token an array', send: () => rotate(['ghr_x']), status: 400, body: MISSING },
    { name: 'not a refresh token', send: () => rotate('not-a-token'), status: 400, body: INVALID_GRANT },
    { name: 'well formed but unknown', send: () => rotate(`ghr_${'A'.repeat(43)}`), status: 400, body: INVALID_GRANT },
    { name: 'one character too long', send: () => rotate(`ghr_${'A'.repeat(44)}`), status: 400, body: INVALID_GRANT },
    { name: 'an access token instead', send: async () => rotate((await login((await createCustomer()).email)).token), status: 400, body: INVALID_GRANT },
    { name: 'form without refresh_token', send: () => rotateForm('grant_type=refresh_token'), status: 400, body: MISSING },
    {
      name: 'form repeating refresh_token',
      send: () => rotateForm(`grant_type=refresh_token&refresh_token=ghr_${'A'.repeat(43)}&refresh_token=x`),
      status: 400,
      body: oauthError(ANSWERS.repeatedParameter),
    },
    {
      name: 'form repeating grant_type',
      send: () => rotateForm(`grant_type=refresh_token&grant_type=refresh_token&refresh_token=x`),
      status: 400,
      body: oauthError(ANSWERS.repeatedParameter),
    },
    {
      name: 'JSON repeating refresh_token',
      send: () =>
        call('/auth/token', {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: `{"grant_type":"refresh_token","refresh_token":"x","refresh_token":"y"}`,
        }),
      status: 400,
      body: oauthError(ANSWERS.duplicateKey),
    },
    {
      name: 'grant_type in another case',
      send: () => postJson('/auth/token', { grant_type: 'Refresh_Token', refresh_token: 'x' }),
      status: 400,
      body: oauthError(ANSWERS.badGrant),
    },
  ]
  for (const row of rows) {
    it(`${row.name}: ${row.status}`, async () => {
      const res = await row.send()
      expect(res.status).toBe(row.status)
      expect(await res.json()).toEqual(row.body)
    })
  }

  it('a refused rotation changes nothing: the real token still rotates', async () => {
    const { email } = await createCustomer()
    const first = await login(email)
    await expectInvalidGrant(await rotate(first.refreshToken.slice(0, -1) + (first.refreshToken.endsWith('A') ? 'B' : 'A')))
    expect((await rotate(first.refreshToken)).status).toBe(200)
  })
})

describe('rotation when a store is down', () => {
  it('answers 503 when D1 fails, changes nothing, and the token rotates once D1 is back', async () => {
    const { email } = await createCustomer()
    const first = await login(email)
    const body = JSON.stringify({ grant_type: 'refresh_token', refresh_token: first.refreshToken })
    const res = await callWith({ DB: brokenD1(/refresh_tokens/) }, '/auth/token', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body })
    expect(res.status).toBe(503)
    expect(await res.json()).toEqual(oauthError(ANSWERS.unavailable))
    expect((await rotate(first.refreshToken)).status).toBe(200)
  })

  it('answers 503 when KV cannot store the revocations of a reused family, and a retry finishes the job', async () => {
    const { id, email } = await createCustomer()
    const first = await login(email)
    const second = await (await rotate(first.refreshToken)).json<TokenAnswer>()
    expect((await rotate(second.refreshToken)).status).toBe(200)
    const body = JSON.stringify({ grant_type: 'refresh_token', refresh_token: first.refreshToken })
    const init = { method: 'POST', headers: { 'Content-Type': 'application/json' }, body }
    const failed = await callWith({ REVOKED: brokenKv({ put: reject }) }, '/auth/token', init)
    expect(failed.status).toBe(503)
    expect((await families(id))[0]!.revoked_reason).toBe('reuse')
    await expectInvalidGrant(await rotate(first.refreshToken))
    expect((await me(second.token)).status).toBe(401)
  })
})
