import { env } from 'cloudflare:workers'
import { describe, expect, it } from 'vitest'
import { createCustomer } from '../helpers/accounts'
import { BASE, call, postJson } from '../helpers/http'
import { STATUS_HEADER } from '../helpers/origin'
import { bearer, customerClaims, mint } from '../helpers/tokens'

// What every answer gatehouse writes itself carries (src/middleware/secure-headers.ts).
const OWN = {
  'cache-control': 'no-store',
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'content-security-policy': "default-src 'none'; frame-ancestors 'none'",
  'referrer-policy': 'no-referrer',
  'cross-origin-resource-policy': 'same-origin',
  'x-permitted-cross-domain-policies': 'none',
}
// Set by nobody: HSTS is the zone operator's call; the rest matter only for HTML documents.
const NEVER = ['strict-transport-security', 'x-xss-protection', 'origin-agent-cluster', 'cross-origin-opener-policy', 'x-powered-by']

function expectOwnHeaders(res: Response): void {
  for (const [name, value] of Object.entries(OWN)) expect({ name, value: res.headers.get(name) }).toEqual({ name, value })
  for (const name of NEVER) expect({ name, value: res.headers.get(name) }).toEqual({ name, value: null })
}

describe("gatehouse's own answers", () => {
  const OWN_ANSWERS: Array<{ name: string; send: () => Promise<Response>; status: number }> = [
    { name: 'a 401 refusal', send: () => call('/customers/me'), status: 401 },
    { name: 'a 404 default deny', send: () => call('/nowhere'), status: 404 },
    { name: 'a 404 outside the API', send: () => call(`${BASE}/favicon.ico`), status: 404 },
    { name: 'a 400 bad path', send: () => call(`${BASE}/api/rest/v2/products%2f..%2fcustomers`), status: 400 },
    { name: 'a 405', send: () => call('/products', { method: 'DELETE' }), status: 405 },
    { name: 'an issued token', send: async () => postJson('/auth/token', { email: (await createCustomer()).email, password: 'password123' }), status: 200 },
    { name: 'a refused login', send: async () => postJson('/auth/token', { email: (await createCustomer()).email, password: 'wrong' }), status: 401 },
    {
      name: 'a CORS preflight',
      send: () => call('/products', { method: 'OPTIONS', headers: { Origin: 'http://shop.localhost', 'Access-Control-Request-Method': 'GET' } }),
      status: 204,
    },
  ]
  for (const row of OWN_ANSWERS) {
    it(`${row.name} carries nosniff, no-store and the JSON-API header set, no HSTS`, async () => {
      const res = await row.send()
      expect(res.status).toBe(row.status)
      expectOwnHeaders(res)
    })
  }
})

describe("the origin's answers pass through unchanged", () => {
  async function both(path: string, headers: Record<string, string> = {}) {
    const viaGateway = await call(path, { headers })
    const direct = await env.ORIGIN!.fetch(`http://origin.test/api/rest/v2${path}`, { headers })
    return { viaGateway, direct }
  }
  // The shop's headers and values, plus `Vary: Origin` (CORS at the edge answers differently per
  // Origin, so every answer says so for caches), the gateway's X-Request-Id (also sent to the shop)
  // and, on a catalogue route, the edge cache's status (docs/cache.md).
  const withEdge = (res: Response, via: Response, cache?: string) => ({
    ...Object.fromEntries([...res.headers].filter(([name]) => name !== 'date')),
    vary: 'Origin',
    'x-request-id': via.headers.get('x-request-id'),
    ...(cache ? { 'x-gatehouse-cache': cache } : {}),
  })
  const without = (res: Response) => Object.fromEntries([...res.headers].filter(([name]) => name !== 'date'))

  it('a 200 gets none of our headers: exactly the headers the shop sent (plus Vary: Origin and X-Request-Id), no no-store', async () => {
    const { viaGateway, direct } = await both('/products?case=200-headers')
    expect(viaGateway.status).toBe(200)
    expect(without(viaGateway)).toEqual(withEdge(direct, viaGateway, 'MISS'))
    expect(viaGateway.headers.get('cache-control')).toBe(direct.headers.get('cache-control'))
    expect(viaGateway.headers.get('x-content-type-options')).toBeNull()
    const echo = await viaGateway.json<{ receivedHeaders: Record<string, string> }>()
    expect(viaGateway.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/)
    expect(echo.receivedHeaders['x-request-id']).toBe(viaGateway.headers.get('x-request-id'))
  })

  it("a shop error (404 from the shop) stays the shop's, body and headers", async () => {
    const token = await mint(customerClaims(1))
    const { viaGateway, direct } = await both('/customers/me', { ...bearer(token), [STATUS_HEADER]: '404' })
    expect(viaGateway.status).toBe(404)
    expect(await viaGateway.json()).toEqual({ demo: true, status: 404 })
    expect(without(viaGateway)).toEqual(withEdge(direct, viaGateway))
    expect(viaGateway.headers.get('x-frame-options')).toBeNull()
  })

  it('a CORS request from an allowed origin adds only Access-Control-Allow-Origin and -Expose-Headers', async () => {
    const { viaGateway, direct } = await both('/products?case=cors', { Origin: 'http://shop.localhost' })
    expect(without(viaGateway)).toEqual({
      ...withEdge(direct, viaGateway, 'MISS'),
      'access-control-allow-origin': 'http://shop.localhost',
      'access-control-expose-headers': 'RateLimit,RateLimit-Policy,Retry-After,WWW-Authenticate,X-Request-Id',
    })
  })
})
