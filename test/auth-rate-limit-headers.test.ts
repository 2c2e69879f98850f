// The IETF draft RateLimit headers (draft-ietf-httpapi-ratelimit-headers) on the token endpoints:
// RateLimit-Policy on every answer, RateLimit (what is left: nothing) on a 429.
import { describe, expect, it } from 'vitest'
import { createCustomer, uniqueEmail } from './helpers/accounts'
import { callWith } from './helpers/gateway-env'
import { call, freshIp, postJson } from './helpers/http'
import { inOneRateWindow } from './helpers/rate-window'

const POLICY = '"ip";q=10;w=60, "identity";q=5;w=60'

describe('RateLimit-Policy on every token-endpoint answer', () => {
  it('a login that succeeds, one refused for its body, and a refresh without a token', async () => {
    const { email } = await createCustomer()
    const ok = await postJson('/auth/token', { email, password: 'password123' })
    expect(ok.status).toBe(200)
    expect(ok.headers.get('RateLimit-Policy')).toBe(POLICY)
    const bad = await postJson('/auth/token', { email: 'not-an-email', password: 'x' })
    expect(bad.status).toBe(400)
    expect(bad.headers.get('RateLimit-Policy')).toBe(POLICY)
    const refresh = await call('/auth/refresh', { method: 'POST' })
    expect(refresh.status).toBe(401)
    expect(refresh.headers.get('RateLimit-Policy')).toBe(POLICY)
  })

  it('not on answers that no token limit counts', async () => {
    expect((await call('/auth/health')).headers.get('RateLimit-Policy')).toBeNull()
    expect((await call('/products')).headers.get('RateLimit-Policy')).toBeNull()
  })

  it('a local run with DEV_RATE_LIMIT says the raised quota (npm start raises its bindings to it)', async () => {
    const res = await callWith({ DEV_RATE_LIMIT: '1000' }, '/auth/token', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' })
    expect(res.headers.get('RateLimit-Policy')).toBe('"ip";q=1000;w=60, "identity";q=1000;w=60')
  })
})

describe('RateLimit on a 429: the limit that refused, nothing left, when to come back', () => {
  it('the per-IP limit: the 11th request of a minute', () =>
    inOneRateWindow(async () => {
      const ip = freshIp()
      for (let i = 0; i < 10; i++)
        expect((await postJson('/auth/token', { email: 'not-an-email', password: 'x' }, { headers: { 'CF-Connecting-IP': ip } })).status).toBe(400)
      const res = await postJson('/auth/token', { email: 'not-an-email', password: 'x' }, { headers: { 'CF-Connecting-IP': ip } })
      expect(res.status).toBe(429)
      expect(res.headers.get('RateLimit')).toBe('"ip";r=0;t=60')
      expect(res.headers.get('RateLimit-Policy')).toBe(POLICY)
    }))

  it('the per-identity limit: the 6th login of one email', () =>
    inOneRateWindow(async () => {
      const email = uniqueEmail('limit-headers')
      for (let i = 0; i < 5; i++) expect((await postJson('/auth/token', { email, password: 'wrong-wrong' })).status).toBe(401)
      const res = await postJson('/auth/token', { email, password: 'wrong-wrong' })
      expect(res.status).toBe(429)
      expect(res.headers.get('RateLimit')).toBe('"identity";r=0;t=60')
    }))
})
