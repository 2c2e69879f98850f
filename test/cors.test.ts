import { describe, expect, it } from 'vitest'
import { call } from './helpers/http'
import { newProbe, originHits, PROBE_HEADER } from './helpers/origin'

const ALLOWED = 'http://shop.localhost'

function preflight(origin: string, probe: string) {
  return call('/products', {
    method: 'OPTIONS',
    headers: {
      Origin: origin,
      'Access-Control-Request-Method': 'POST',
      'Access-Control-Request-Headers': 'authorization, content-type',
      [PROBE_HEADER]: probe,
    },
  })
}

describe('CORS at the edge', () => {
  it('answers a preflight from an allowed origin with the shop policy, without reaching the origin', async () => {
    const probe = newProbe()
    const res = await preflight(ALLOWED, probe)
    expect(res.status).toBe(204)
    expect(res.headers.get('access-control-allow-origin')).toBe(ALLOWED)
    expect(res.headers.get('access-control-allow-methods')).toBe('GET,POST,PUT,PATCH,DELETE,OPTIONS')
    expect(res.headers.get('access-control-allow-headers')).toBe(
      'Content-Type,Authorization,Accept,X-Requested-With,X-Store-Code,X-Currency-Code,X-Idempotency-Key,X-Order-Token,If-None-Match,X-Request-Id,CF-Turnstile-Response',
    )
    expect(res.headers.has('access-control-allow-credentials')).toBe(false)
    expect(res.headers.get('vary')).toContain('Origin')
    expect(await res.text()).toBe('')
    expect(await originHits(probe)).toBe(0)
  })

  it('gives a preflight from an unlisted origin no Access-Control-Allow-Origin, and still never reaches the origin', async () => {
    const probe = newProbe()
    const res = await preflight('https://evil.example', probe)
    expect(res.status).toBe(204)
    expect(res.headers.has('access-control-allow-origin')).toBe(false)
    expect(await originHits(probe)).toBe(0)
  })

  it('never answers with a wildcard origin, even for a client that sends `Origin: *`', async () => {
    const res = await preflight('*', newProbe())
    expect(res.headers.has('access-control-allow-origin')).toBe(false)
  })

  it('lets an allowed browser origin read error answers too', async () => {
    const res = await call('/definitely-not-a-route', { headers: { Origin: ALLOWED } })
    expect(res.status).toBe(404)
    expect(res.headers.get('access-control-allow-origin')).toBe(ALLOWED)
    expect(await res.json()).toEqual({ error: 'not_found', message: 'Not found', code: 404 })
  })

  it('lets an allowed browser origin read RateLimit, RateLimit-Policy, Retry-After, WWW-Authenticate and X-Request-Id of an answer', async () => {
    const res = await call('/customers/me', { headers: { Origin: ALLOWED } })
    expect(res.status).toBe(401)
    expect(res.headers.get('access-control-allow-origin')).toBe(ALLOWED)
    expect(res.headers.get('access-control-expose-headers')).toBe('RateLimit,RateLimit-Policy,Retry-After,WWW-Authenticate,X-Request-Id')
  })

  it('answers a preflight for the discovery documents like one for the API', async () => {
    const res = await call('http://gatehouse.test/.well-known/oauth-authorization-server', {
      method: 'OPTIONS',
      headers: { Origin: ALLOWED, 'Access-Control-Request-Method': 'GET' },
    })
    expect(res.status).toBe(204)
    expect(res.headers.get('access-control-allow-origin')).toBe(ALLOWED)
  })
})
