import { env, exports } from 'cloudflare:workers'
import { describe, expect, it } from 'vitest'
import { createCustomer, uniqueEmail } from './helpers/accounts'
import { API, call, freshIp, postJson } from './helpers/http'
import { bearer, customerClaims, mint } from './helpers/tokens'
import { ANSWERS, oauthError } from './helpers/answers'
import { inOneRateWindow } from './helpers/rate-window'
import { lockKey } from '../src/db/lockout'

// The token endpoint also speaks OAuth 2.0, whose errors carry error_description; refresh does not.
async function expectTooMany(res: Response, body: object = oauthError(ANSWERS.tooMany), retryAfter = '60') {
  expect(res.status).toBe(429)
  expect(res.headers.get('Retry-After')).toBe(retryAfter)
  expect(res.headers.get('Cache-Control')).toBe('no-store')
  expect(await res.json()).toEqual(body)
}

// The per-IP limit counts every token request, also one refused for its body (400): such requests
// are used where only the count matters, so the loops do not wait for logins asked of the shop.
const REFUSED_BODY = { email: 'not-an-email', password: 'x' }

// Logins of unknown names are also asked of the demo shop: generous timeouts.
describe('rate limits on the token and refresh endpoints', { timeout: 60_000 }, () => {
  it('allows 10 token requests per minute per CF-Connecting-IP, then 429 with Retry-After', () =>
    inOneRateWindow(async () => {
      const ip = freshIp()
      for (let i = 0; i < 9; i++) {
        const res = await postJson('/auth/token', REFUSED_BODY, { headers: { 'CF-Connecting-IP': ip } })
        expect(res.status).toBe(400)
      }
      expect((await postJson('/auth/token', { email: uniqueEmail('ip'), password: 'x' }, { headers: { 'CF-Connecting-IP': ip } })).status).toBe(401)
      await expectTooMany(await postJson('/auth/token', { email: uniqueEmail('ip'), password: 'x' }, { headers: { 'CF-Connecting-IP': ip } }))
      // Another client is not affected.
      expect((await postJson('/auth/token', { email: uniqueEmail('ip'), password: 'x' })).status).toBe(401)
    }))

  it('counts refresh requests against the same per-IP limit', () =>
    inOneRateWindow(async () => {
      const ip = freshIp()
      const headers = { 'CF-Connecting-IP': ip }
      for (let i = 0; i < 10; i++) expect((await call('/auth/refresh', { method: 'POST', headers })).status).toBe(401)
      await expectTooMany(await call('/auth/refresh', { method: 'POST', headers: { ...headers, ...bearer(await mint(customerClaims())) } }), ANSWERS.tooMany)
    }))

  it('keys on CF-Connecting-IP only, never on X-Forwarded-For', () =>
    inOneRateWindow(async () => {
      const ip = freshIp()
      for (let i = 0; i < 10; i++) {
        await postJson('/auth/token', REFUSED_BODY, { headers: { 'CF-Connecting-IP': ip, 'X-Forwarded-For': freshIp() } })
      }
      const res = await postJson(
        '/auth/token',
        { email: uniqueEmail('xff'), password: 'x' },
        { headers: { 'CF-Connecting-IP': ip, 'X-Forwarded-For': freshIp() } },
      )
      await expectTooMany(res)
    }))

  it.each([
    ['X-Real-IP', () => freshIp()],
    ['True-Client-IP', () => freshIp()],
    ['Forwarded', () => `for=${freshIp()};proto=https`],
    ['X-Forwarded-For', () => `${freshIp()}, ${freshIp()}`], // a list, unlike the single-address test above
    ['X-Client-IP', () => freshIp()],
    ['CF-Connecting-IPv6', () => '2001:db8::1'],
  ])('keys on CF-Connecting-IP only, never on a spoofed %s', (name, value) =>
    inOneRateWindow(async () => {
      const ip = freshIp()
      const send = () => postJson('/auth/token', REFUSED_BODY, { headers: { 'CF-Connecting-IP': ip, [name]: value() } })
      for (let i = 0; i < 10; i++) expect((await send()).status).toBe(400)
      await expectTooMany(await send())
    }),
  )

  // Off the edge (local runs, tests) CF-Connecting-IP may be missing: such requests share one bucket,
  // so dropping the header, blanking it or adding other IP headers never buys a fresh one.
  it('puts requests without CF-Connecting-IP into one shared bucket', () =>
    inOneRateWindow(async () => {
      const send = (headers: Record<string, string> = {}) =>
        exports.default.fetch(
          new Request(`${API}/auth/token`, {
            method: 'POST',
            headers: { 'Content-Type': 'application/json', 'X-Forwarded-For': freshIp(), ...headers },
            body: JSON.stringify(REFUSED_BODY),
          }),
        )
      let answered = 0
      let res = await send()
      while (res.status === 400 && answered < 10) {
        answered += 1
        res = await send({ 'X-Real-IP': freshIp() })
      }
      await expectTooMany(res)
      await expectTooMany(await send({ 'CF-Connecting-IP': '' }))
      await expectTooMany(await send({ 'CF-Connecting-IP': '   ', 'True-Client-IP': freshIp() }))
      expect((await send({ 'CF-Connecting-IP': freshIp() })).status).toBe(400)
    }))

  it('allows 5 token requests per minute per email (any case, any IP), successful ones included', () =>
    inOneRateWindow(async () => {
      const { email } = await createCustomer()
      for (let i = 0; i < 5; i++) {
        const res = await postJson('/auth/token', { email: i % 2 ? email.toUpperCase() : email, password: i === 0 ? 'password123' : 'wrong' })
        expect(res.status).toBe(i === 0 ? 200 : 401)
      }
      await expectTooMany(await postJson('/auth/token', { email, password: 'password123' }))
    }))

  it.each([
    ['client_id', (n: string) => ({ grant_type: 'client_credentials', client_id: `maho_${n}`, client_secret: 'x' })],
    ['username', (n: string) => ({ grant_type: 'api_user', username: `user-${n}`, api_key: 'x' })],
  ])('allows 5 token requests per minute per %s', (_name, body) =>
    inOneRateWindow(async () => {
      const name = crypto.randomUUID().replaceAll('-', '')
      for (let i = 0; i < 5; i++) expect((await postJson('/auth/token', body(name))).status).toBe(401)
      await expectTooMany(await postJson('/auth/token', body(name)))
    }),
  )
})

describe('per-name lockout through the token endpoint', () => {
  it('locks after repeated failures with the same 429 whether the password is right or not', async () => {
    const { email } = await createCustomer()
    const lockedUntil = Math.floor(Date.now() / 1000) + 600
    await env.DB.prepare('insert into login_failures (identity_hash, locked_until) values (?, ?)')
      .bind(await lockKey('customer', email), lockedUntil)
      .run()
    const right = await postJson('/auth/token', { email, password: 'password123' })
    const wrong = await postJson('/auth/token', { email, password: 'wrong' })
    for (const res of [right, wrong]) {
      expect(res.status).toBe(429)
      expect(Number(res.headers.get('Retry-After'))).toBeGreaterThanOrEqual(598)
      expect(await res.json()).toEqual(oauthError(ANSWERS.tooMany))
    }
  })

  it('counts a wrong password and resets the count after a success', async () => {
    const { email } = await createCustomer()
    const key = await lockKey('customer', email)
    const count = async () => await env.DB.prepare('select failed_login_count n from login_failures where identity_hash = ?').bind(key).first<number>('n')
    expect((await postJson('/auth/token', { email, password: 'wrong' })).status).toBe(401)
    expect(await count()).toBe(1)
    expect((await postJson('/auth/token', { email, password: 'password123' })).status).toBe(200)
    // A success clears the name's failures: its row is gone.
    expect(await count()).toBeNull()
  })
})
