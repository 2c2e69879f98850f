// Hostile paths, queries and headers at HTTP level: each row is sent to the gateway and must get
// exactly its status and body, never a 5xx, and a refused row must never reach the origin.
import { describe, expect, it } from 'vitest'
import { BASE, call } from '../helpers/http'
import { newProbe, originHits, PROBE_HEADER } from '../helpers/origin'
import { bearer, customerClaims, mint } from '../helpers/tokens'
import { ANSWERS } from '../helpers/answers'

type Body = Record<string, unknown>
interface Row {
  name: string
  request: { method?: string; path: string; headers?: HeadersInit | (() => Promise<HeadersInit>) }
  status: number
  body: Body | ((answer: Body) => void)
}

/** Sends a row's request tagged with a fresh probe; returns status, body and origin hits. */
async function send(row: Row, extra: HeadersInit = {}) {
  const tag = newProbe()
  const given = typeof row.request.headers === 'function' ? await row.request.headers() : row.request.headers
  const headers = new Headers(given)
  for (const [name, value] of new Headers(extra)) headers.set(name, value)
  headers.set(PROBE_HEADER, tag)
  const url = row.request.path.startsWith('/api') || row.request.path.startsWith('//') ? `${BASE}${row.request.path}` : `${BASE}/api/rest/v2${row.request.path}`
  const res = await call(url, { method: row.request.method ?? 'GET', headers })
  const answer = await res.json<Body>()
  return { status: res.status, body: answer, hits: await originHits(tag) }
}

function runTable(rows: Row[], extra: () => Promise<HeadersInit> = async () => ({})) {
  for (const row of rows) {
    it(`${row.name}: ${row.status}`, async () => {
      const res = await send(row, await extra())
      expect(res.status).toBeLessThan(500)
      expect(res.status).toBe(row.status)
      if (typeof row.body === 'function') row.body(res.body)
      else expect(res.body).toEqual(row.body)
      expect(res.hits).toBe(res.status < 400 ? 1 : 0)
    })
  }
}

// Admin routes: GET /customers (customers/read), POST /products, DELETE /products/{id}. Each
// spelling either canonicalises to the admin route (then refused for lack of a service token) or
// is refused as ambiguous/unknown; none reaches the origin.
const P = '/api/rest/v2'
const ADMIN_PATHS: Array<{ name: string; method: string; path: string; status: 400 | 401 | 404 }> = [
  { name: 'control: DELETE /products/1', method: 'DELETE', path: `${P}/products/1`, status: 401 },
  { name: 'trailing slash', method: 'DELETE', path: `${P}/products/1/`, status: 404 },
  { name: 'empty segment', method: 'DELETE', path: `${P}/products//1`, status: 400 },
  { name: 'leading double slash', method: 'GET', path: `//api/rest/v2/customers`, status: 404 },
  { name: 'encoded digit', method: 'DELETE', path: `${P}/products/%31`, status: 401 },
  { name: 'encoded slash after id', method: 'DELETE', path: `${P}/products/1%2f`, status: 400 },
  { name: 'encoded NUL after id', method: 'DELETE', path: `${P}/products/1%00`, status: 400 },
  { name: 'matrix parameter on id', method: 'DELETE', path: `${P}/products/1;.json`, status: 400 },
  { name: 'upper-case resource', method: 'DELETE', path: `${P}/PRODUCTS/1`, status: 404 },
  { name: 'single dot segment (resolved by the URL parser)', method: 'POST', path: `${P}/./products`, status: 401 },
  { name: 'trailing encoded dot', method: 'POST', path: `${P}/products%2e`, status: 404 },
  { name: 'encoded slash, upper case', method: 'GET', path: `${P}/customers%2F`, status: 400 },
  { name: 'double-encoded slash', method: 'GET', path: `${P}/customers%252F`, status: 400 },
  { name: 'IIS %u encoding', method: 'GET', path: `${P}/customers%u002f`, status: 400 },
  { name: 'overlong dots', method: 'GET', path: `${P}/products/%c0%ae%c0%ae/customers`, status: 400 },
  { name: 'three-byte overlong slash', method: 'GET', path: `${P}/products%e0%80%afcustomers`, status: 400 },
  { name: 'encoded surrogate', method: 'GET', path: `${P}/customers%ed%a0%80`, status: 400 },
  { name: 'encoded tab', method: 'GET', path: `${P}/customers%09`, status: 400 },
  { name: 'encoded CR LF (header splitting at the shop)', method: 'GET', path: `${P}/customers%0d%0aX-Injected:%201`, status: 400 },
  { name: 'fullwidth solidus (NFKC folds it to /)', method: 'GET', path: `${P}/products%ef%bc%8f..%ef%bc%8fcustomers`, status: 400 },
  { name: 'fragment (never sent)', method: 'GET', path: `${P}/customers#/../products`, status: 401 },
  { name: 'dot segments in the query only', method: 'GET', path: `${P}/customers?x=/../products`, status: 401 },
  { name: 'double dot segments resolved by the parser', method: 'GET', path: `${P}/products/1/../../customers`, status: 401 },
  { name: 'extension', method: 'GET', path: `${P}/customers.json`, status: 404 },
  { name: 'mixed case', method: 'GET', path: `${P}/CuStOmErS`, status: 404 },
  { name: 'encoded space', method: 'GET', path: `${P}/customers%20`, status: 404 },
]
const expected = { 400: ANSWERS.badPath, 401: ANSWERS.noToken, 404: ANSWERS.notFound } as const

describe('path canonicalisation end to end on admin routes, with no token', () => {
  runTable(ADMIN_PATHS.map((p) => ({ name: p.name, request: { method: p.method, path: p.path }, status: p.status, body: expected[p.status] })))
})

describe('path canonicalisation end to end on admin routes, with a customer token', () => {
  runTable(
    ADMIN_PATHS.map((p) => ({
      name: p.name,
      request: { method: p.method, path: p.path },
      status: p.status === 401 ? 403 : p.status,
      body: p.status === 401 ? ANSWERS.forbidden : expected[p.status],
    })),
    async () => bearer(await mint(customerClaims(1))),
  )
})

describe('method override in the query (PHP frameworks honour _method): refused, whatever the spelling', () => {
  // PHP ends a decoded name at its first NUL, so `_method%00x` is `_method` to the shop.
  const OVERRIDES = [
    '_method=DELETE',
    '%5Fmethod=DELETE',
    '_METHOD=PUT',
    '.method=DELETE',
    '%20_method=DELETE',
    '+_method=DELETE',
    '_method[]=DELETE',
    '_method[x]=DELETE',
    'a=1&_method=PATCH',
    '_method=',
    '_method%00=GET',
    '_method%00x=DELETE',
    '_method%00.json=PUT',
    '+_method%00=DELETE',
    '_method%00[x]=PATCH',
    '_method[%5D=DELETE',
  ]
  runTable(OVERRIDES.map((query) => ({ name: `GET /products?${query}`, request: { path: `/products?${query}` }, status: 400, body: ANSWERS.methodOverride })))
  runTable([
    {
      name: 'POST /customers?_method=DELETE (public register)',
      request: { method: 'POST', path: '/customers?_method=DELETE' },
      status: 400,
      body: ANSWERS.methodOverride,
    },
  ])
  const HARMLESS = ['method=DELETE', '_methods=x', 'x_method=1', '_method_=1', '%00_method=DELETE', 'x=_method%00', '_method[%00]=DELETE']
  runTable(
    HARMLESS.map((query) => ({
      name: `GET /products?${query} (not an override)`,
      request: { path: `/products?${query}` },
      status: 200,
      body: (b: Body) => expect(b).toMatchObject({ demo: true }),
    })),
  )
})

describe('tokens in the query string are never accepted', () => {
  const token = () => mint(customerClaims(1))
  for (const name of ['access_token', 'token', 'jwt', 'access.token', 'ACCESS_TOKEN', 'access_token%00', 'jwt%00x']) {
    it(`customer route with ?${name}=<valid token> and no Authorization: 401 authentication_required`, async () => {
      const res = await send({ name, request: { path: `/customers/me?${name}=${await token()}` }, status: 401, body: ANSWERS.noToken })
      expect(res).toEqual({ status: 401, body: ANSWERS.noToken, hits: 0 })
    })
  }
  for (const name of [
    'access_token',
    'jwt',
    'access.token',
    'Access_Token',
    'jwt[]',
    'access_token%00',
    'access_token%00x',
    'jwt%00x',
    'jwt%00',
    'access[token',
    'access%20token',
    '+jwt%00[]',
  ]) {
    it(`public route with ?${name}=<token>: 400, the shop never sees a token the edge did not verify`, async () => {
      const res = await send({ name, request: { path: `/products?${name}=${await token()}` }, status: 400, body: ANSWERS.tokenInQuery })
      expect(res).toEqual({ status: 400, body: ANSWERS.tokenInQuery, hits: 0 })
    })
  }
  it('customer route with a valid Authorization and another token in ?access_token=: 400', async () => {
    const res = await send({
      name: 'both',
      request: { path: `/customers/me?access_token=${await token()}`, headers: bearer(await token()) },
      status: 400,
      body: ANSWERS.tokenInQuery,
    })
    expect(res).toEqual({ status: 400, body: ANSWERS.tokenInQuery, hits: 0 })
  })
})

describe('Authorization headers: several, oversized', () => {
  const valid = () => mint(customerClaims(1))
  runTable([
    {
      name: 'two valid Bearer headers (joined by the runtime)',
      request: {
        path: '/products',
        headers: async () => [
          ['Authorization', `Bearer ${await valid()}`],
          ['Authorization', `Bearer ${await valid()}`],
        ],
      },
      status: 401,
      body: ANSWERS.invalidToken,
    },
    {
      name: 'a valid Bearer and a Basic header',
      request: {
        path: '/customers/me',
        headers: async () => [
          ['Authorization', `Bearer ${await valid()}`],
          ['Authorization', 'Basic YWRtaW46YWRtaW4='],
        ],
      },
      status: 401,
      body: ANSWERS.invalidToken,
    },
    {
      name: 'the same valid token twice',
      request: {
        path: '/customers/me',
        headers: async () => {
          const t = await valid()
          return [
            ['Authorization', `Bearer ${t}`],
            ['Authorization', `Bearer ${t}`],
          ]
        },
      },
      status: 401,
      body: ANSWERS.invalidToken,
    },
    {
      name: '16 KiB Bearer',
      request: { path: '/products', headers: { Authorization: `Bearer ${'a'.repeat(16 * 1024)}` } },
      status: 401,
      body: ANSWERS.invalidToken,
    },
    {
      name: '16 KiB Bearer that looks like a JWT',
      request: { path: '/customers/me', headers: { Authorization: `Bearer ${'eyJh'.repeat(1024)}.${'b'.repeat(8192)}.${'c'.repeat(4096)}` } },
      status: 401,
      body: ANSWERS.invalidToken,
    },
    {
      name: 'a valid token padded to 16 KiB with an extra segment',
      request: { path: '/customers/me', headers: async () => ({ Authorization: `Bearer ${await valid()}.${'x'.repeat(16 * 1024)}` }) },
      status: 401,
      body: ANSWERS.invalidToken,
    },
    {
      name: 'empty Authorization on a customer route (no credentials)',
      request: { path: '/customers/me', headers: { Authorization: '' } },
      status: 401,
      body: ANSWERS.noToken,
    },
  ])
})

describe('oversized non-auth headers never cause a 5xx', () => {
  runTable([
    {
      name: '64 KiB cookie on a public route',
      request: { path: '/products', headers: { Cookie: `session=${'c'.repeat(64 * 1024)}` } },
      status: 200,
      body: (b: Body) => expect(b).toMatchObject({ demo: true }),
    },
    {
      name: '64 KiB cookie on a refused route',
      request: { path: '/customers', headers: { Cookie: `session=${'c'.repeat(64 * 1024)}` } },
      status: 401,
      body: ANSWERS.noToken,
    },
    {
      name: '100 headers of 1 KiB',
      request: { path: '/products?pad=100', headers: Array.from({ length: 100 }, (_, i) => [`X-Pad-${i}`, 'p'.repeat(1024)] as [string, string]) },
      status: 200,
      body: (b: Body) => expect(b).toMatchObject({ demo: true }),
    },
    {
      name: '16 KiB X-Gatehouse-Subject (dropped)',
      request: { path: '/products?pad=subject', headers: { 'X-Gatehouse-Subject': 's'.repeat(16 * 1024) } },
      status: 200,
      body: (b: Body) => expect(JSON.stringify(b)).not.toContain('sssssssss'),
    },
  ])
})
