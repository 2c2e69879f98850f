import { env } from 'cloudflare:workers'
import { describe, expect, it } from 'vitest'
import { call } from '../helpers/http'
import { bearer, customerClaims, mint, nowSeconds, rawToken, serviceClaims } from '../helpers/tokens'

import { newProbe, originHits, PROBE_HEADER } from '../helpers/origin'
import { ANSWERS } from '../helpers/answers'

const customerToken = (id: number) => mint(customerClaims(id))
// Service account 2 (catalog) exists in the shop, which re-checks the account of every token it gets.
const serviceToken = (permissions: string[]) => mint(serviceClaims(2, 'catalog', permissions))

/** Calls the gateway tagged with a fresh probe; returns status, body, headers and origin hits. */
async function probe(path: string, init: RequestInit = {}) {
  const tag = newProbe()
  const headers = new Headers(init.headers)
  headers.set(PROBE_HEADER, tag)
  const res = await call(path, { ...init, headers })
  const body = await res.json<Record<string, unknown>>()
  return { status: res.status, body, headers: res.headers, hits: await originHits(tag) }
}

describe('ownership', () => {
  it('lets customer 1 read /customers/1 (proxied)', async () => {
    const res = await probe('/customers/1', { headers: bearer(await customerToken(1)) })
    expect(res).toMatchObject({ status: 200, hits: 1, body: { demo: true, path: '/api/rest/v2/customers/1' } })
  })

  it('refuses customer 2 on /customers/1 with 403 "You can only access your own data", before the origin', async () => {
    const res = await probe('/customers/1', { headers: bearer(await customerToken(2)) })
    expect(res).toMatchObject({ status: 403, body: ANSWERS.notOwnData, hits: 0 })
  })
})

describe('default deny and 405', () => {
  const UNKNOWN = ['/admin', '/customers/me/secret', '/products/1/2/3', '/__demo/hits', '/', '/products/1/admin']
  for (const path of UNKNOWN) {
    it(`answers 404 for ${path}, even with an admin token, without reaching the origin`, async () => {
      const res = await probe(path, { headers: bearer(await serviceToken(['all'])) })
      expect(res).toMatchObject({ status: 404, body: ANSWERS.notFound, hits: 0 })
    })
  }

  it('answers 404 outside /api/rest/v2 (the demo hooks included)', async () => {
    for (const url of ['http://gatehouse.test/__demo/hits/reset', 'http://gatehouse.test/api/rest/v1/products', 'http://gatehouse.test/api/rest/v2']) {
      const res = await probe(url, { method: 'POST' })
      expect({ url, ...res }).toMatchObject({ url, status: 404, body: ANSWERS.notFound, hits: 0 })
    }
  })

  it('answers 405 with Allow for a known path with another method', async () => {
    const res = await probe('/products', { method: 'DELETE', headers: bearer(await serviceToken(['all'])) })
    expect(res).toMatchObject({ status: 405, body: { error: 'method_not_allowed', message: 'Method not allowed', code: 405 }, hits: 0 })
    expect(res.headers.get('allow')?.split(/,\s*/).sort()).toEqual(['GET', 'HEAD', 'POST'])
  })
})

describe('tokens', () => {
  const BAD_TOKENS: Array<{ name: string; authorization: () => Promise<string> | string }> = [
    { name: 'garbage', authorization: () => 'Bearer not-a-jwt' },
    {
      name: 'forged signature',
      authorization: async () => `Bearer ${await mint(customerClaims(1), { key: new TextEncoder().encode('another-secret-of-at-least-32-characters!!') })}`,
    },
    { name: 'expired', authorization: async () => `Bearer ${await mint({ ...customerClaims(1), exp: nowSeconds() - 10 })}` },
    { name: 'wrong issuer', authorization: async () => `Bearer ${await mint({ ...customerClaims(1), iss: 'https://evil.example/' })}` },
    { name: 'wrong audience', authorization: async () => `Bearer ${await mint({ ...customerClaims(1), aud: 'other-api' })}` },
    { name: 'alg none', authorization: () => `Bearer ${rawToken({ alg: 'none', typ: 'JWT' }, customerClaims(1))}` },
    { name: 'Basic scheme', authorization: () => 'Basic YWRtaW46YWRtaW4=' },
    { name: 'empty Bearer', authorization: () => 'Bearer ' },
  ]
  for (const row of BAD_TOKENS) {
    it(`refuses a ${row.name} token with 401 on a public route, without reaching the origin`, async () => {
      const res = await probe('/products', { headers: { Authorization: await row.authorization() } })
      expect(res).toMatchObject({ status: 401, body: ANSWERS.invalidToken, hits: 0 })
      expect(res.headers.get('www-authenticate')).toContain('error="invalid_token"')
    })
  }

  it('refuses a revoked token (jti in KV) on public and customer routes', async () => {
    const claims = customerClaims(1)
    const token = await mint(claims)
    await env.REVOKED.put(`jti:${claims.jti}`, '1', { expirationTtl: 3600 })
    for (const path of ['/products', '/customers/me']) {
      const res = await probe(path, { headers: bearer(token) })
      expect({ path, ...res }).toMatchObject({ path, status: 401, body: ANSWERS.invalidToken, hits: 0 })
    }
  })

  it('refuses a token issued before its subject was logged out everywhere (nbf stamp in KV)', async () => {
    const token = await mint(serviceClaims(7, 'svc7', ['all']))
    await env.REVOKED.put('nbf:api_user_7', String(nowSeconds() + 1), { expirationTtl: 3600 })
    const res = await probe('/customers', { headers: bearer(token) })
    expect(res).toMatchObject({ status: 401, body: ANSWERS.invalidToken, hits: 0 })
  })

  it('answers 401 Authentication required with WWW-Authenticate when a protected route has no token', async () => {
    const res = await probe('/customers/me')
    expect(res).toMatchObject({ status: 401, body: ANSWERS.noToken, hits: 0 })
    expect(res.headers.get('www-authenticate')).toMatch(/^Bearer/)
  })

  it('refuses a customer token on an admin route with 403', async () => {
    const res = await probe('/customers', { headers: bearer(await customerToken(1)) })
    expect(res).toMatchObject({ status: 403, body: ANSWERS.forbidden, hits: 0 })
  })
})

describe('path tricks never reach an admin route without an admin token', () => {
  // GET /customers is admin (customers/read). Each variant is sent raw-ish (the URL parser in the
  // test already resolves some, as a client library would); whatever it becomes, it must not be
  // proxied to an admin route for a customer or for nobody.
  const TRICKS: Array<{ name: string; path: string; status: number; body: Record<string, unknown> }> = [
    { name: 'plain (control)', path: '/api/rest/v2/customers', status: 401, body: ANSWERS.noToken },
    { name: 'dot segments', path: '/api/rest/v2/products/../customers', status: 401, body: ANSWERS.noToken },
    { name: 'encoded dot segments', path: '/api/rest/v2/products/%2e%2e/customers', status: 401, body: ANSWERS.noToken },
    { name: 'encoded slash', path: '/api/rest/v2/products%2f..%2fcustomers', status: 400, body: ANSWERS.badPath },
    { name: 'encoded slash, lower and upper', path: '/api/rest/v2/products/..%2Fcustomers', status: 400, body: ANSWERS.badPath },
    { name: 'encoded backslash', path: '/api/rest/v2/products/..%5ccustomers', status: 400, body: ANSWERS.badPath },
    { name: 'double-encoded slash', path: '/api/rest/v2/products%252f..%252fcustomers', status: 400, body: ANSWERS.badPath },
    { name: 'empty segment', path: '/api/rest/v2//customers', status: 400, body: ANSWERS.badPath },
    { name: 'trailing slash', path: '/api/rest/v2/customers/', status: 404, body: ANSWERS.notFound },
    { name: 'upper case', path: '/api/rest/v2/CUSTOMERS', status: 404, body: ANSWERS.notFound },
    { name: 'mixed case prefix', path: '/API/rest/v2/customers', status: 404, body: ANSWERS.notFound },
    { name: 'matrix parameter', path: '/api/rest/v2/customers;x=1', status: 400, body: ANSWERS.badPath },
    {
      name: 'matrix parameter hidden before a dot segment (the URL parser resolves it)',
      path: '/api/rest/v2/products;/../customers',
      status: 401,
      body: ANSWERS.noToken,
    },
    { name: 'matrix parameter on a public route', path: '/api/rest/v2/products;jsessionid=1', status: 400, body: ANSWERS.badPath },
    { name: 'encoded NUL', path: '/api/rest/v2/customers%00', status: 400, body: ANSWERS.badPath },
    { name: 'overlong UTF-8 slash', path: '/api/rest/v2/products%c0%af..%c0%afcustomers', status: 400, body: ANSWERS.badPath },
    { name: 'invalid percent-encoding', path: '/api/rest/v2/customers%zz', status: 400, body: ANSWERS.badPath },
    { name: 'encoded unreserved letters', path: '/api/rest/v2/%63ustomers', status: 401, body: ANSWERS.noToken },
  ]
  for (const row of TRICKS) {
    for (const who of ['nobody', 'a customer'] as const) {
      it(`${row.name} (${row.path}) for ${who}`, async () => {
        const headers = who === 'nobody' ? {} : bearer(await customerToken(1))
        const res = await probe(`http://gatehouse.test${row.path}`, { headers })
        const status = who === 'a customer' && row.status === 401 ? 403 : row.status
        const body = who === 'a customer' && row.status === 401 ? ANSWERS.forbidden : row.body
        expect(res).toMatchObject({ status, body, hits: 0 })
      })
    }
  }

  it('lets an admin token through the same encoded-unreserved spelling (the canonical path is forwarded)', async () => {
    const res = await probe('http://gatehouse.test/api/rest/v2/%63ustomers', { headers: bearer(await serviceToken(['customers/read'])) })
    expect(res).toMatchObject({ status: 200, hits: 1, body: { demo: true, path: '/api/rest/v2/customers' } })
  })
})
