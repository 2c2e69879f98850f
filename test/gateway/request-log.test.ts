import { afterEach, beforeEach, describe, expect, it, vi, type MockInstance } from 'vitest'
import { env } from 'cloudflare:workers'
import { createCustomer } from '../helpers/accounts'
import { callWith, wrap } from '../helpers/gateway-env'
import { BASE, call, postJson } from '../helpers/http'
import { bearer, customerClaims, mint, serviceClaims } from '../helpers/tokens'

let spy: MockInstance<typeof console.log>
beforeEach(() => {
  spy = vi.spyOn(console, 'log')
})
afterEach(() => {
  spy.mockRestore()
})

type Line = Record<string, unknown>
const lines = (): Line[] => spy.mock.calls.map((args) => JSON.parse(String(args[0])) as Line)
const requestLines = () => lines().filter((line) => line.event === 'request')
const securityLines = () => lines().filter((line) => line.event !== 'request')
const everything = () => spy.mock.calls.map((args) => args.map(String).join(' ')).join('\n')

/** Sends one request and returns the one request line it produced (failing if there is not exactly one). */
async function logged(send: () => Promise<Response>): Promise<{ res: Response; line: Line }> {
  spy.mockClear()
  const res = await send()
  await res.arrayBuffer()
  const found = requestLines()
  expect(found).toHaveLength(1)
  return { res, line: found[0]! }
}

const FIELDS = ['event', 'requestId', 'method', 'route', 'decision', 'status', 'durationMs']

// Allowed requests are logged only with LOG_REQUESTS=all (the platform's invocation logs record them otherwise).
const ALL = { LOG_REQUESTS: 'all' }
const json = (body: unknown): RequestInit => ({ method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) })

describe('one request line per refused request, and per allowed one with LOG_REQUESTS=all', () => {
  const ROWS: Array<{ name: string; send: () => Promise<Response>; line: Line }> = [
    {
      name: 'proxied public route',
      send: () => callWith(ALL, '/products/12?store=en'),
      line: { method: 'GET', route: '/products/{id}', decision: 'proxied', status: 200 },
    },
    {
      name: 'proxied shop error',
      send: () => callWith(ALL, '/products', { headers: { 'X-Demo-Status': '500' } }),
      line: { route: '/products', decision: 'proxied', status: 500 },
    },
    {
      name: 'no token on a customer route',
      send: () => call('/customers/me'),
      line: { route: '/customers/me', decision: 'refused', reason: 'authentication_required', status: 401 },
    },
    { name: 'default deny', send: () => call('/admin/secret/42'), line: { route: null, decision: 'refused', reason: 'route_not_found', status: 404 } },
    {
      name: 'bad path',
      send: () => call(`${BASE}/api/rest/v2/customers%2f1`),
      line: { route: null, decision: 'refused', reason: 'invalid_path', status: 400 },
    },
    { name: 'outside the API', send: () => call(`${BASE}/robots.txt`), line: { route: null, decision: 'refused', reason: 'route_not_found', status: 404 } },
    {
      name: 'method override',
      send: () => call('/products?_method=DELETE'),
      line: { route: '/products', decision: 'refused', reason: 'method_override', status: 400 },
    },
    {
      name: 'token endpoint',
      send: () => callWith(ALL, '/auth/token', json({ email: 'customer@example.com', password: 'password123' })),
      line: { method: 'POST', route: '/auth/token', decision: 'answered', status: 200 },
    },
    {
      name: 'refused login',
      send: () => postJson('/auth/token', { email: 'other@example.com', password: 'hunter2-wrong' }),
      line: { route: '/auth/token', decision: 'refused', reason: 'invalid_credentials', status: 401 },
    },
    {
      name: 'preflight',
      send: () => callWith(ALL, '/products', { method: 'OPTIONS', headers: { Origin: 'http://shop.localhost', 'Access-Control-Request-Method': 'GET' } }),
      line: { method: 'OPTIONS', decision: 'answered', status: 204 },
    },
  ]
  for (const row of ROWS) {
    it(`${row.name}: ${JSON.stringify(row.line)}`, async () => {
      const { res, line } = await logged(row.send)
      expect(res.status).toBe(row.line.status)
      expect(line).toMatchObject({ event: 'request', ...row.line })
      if (!('reason' in row.line) || row.line.reason === undefined) expect(line).not.toHaveProperty('reason', expect.anything())
      for (const field of FIELDS) expect(line).toHaveProperty(field)
      expect(line.requestId).toMatch(/^[0-9a-f-]{36}$/)
      expect(typeof line.durationMs).toBe('number')
    })
  }

  it('names the edge cache status of a catalogue read with LOG_REQUESTS=all', async () => {
    const path = `/products/1?case=${crypto.randomUUID()}`
    // The demo shop's catalogue answer as a shop's (public); its echo is private otherwise.
    const init = { headers: { 'X-Demo-Cache': 'public' } }
    expect((await logged(() => callWith(ALL, path, init))).line).toMatchObject({ route: '/products/{id}', decision: 'proxied', cache: 'MISS' })
    expect((await logged(() => callWith(ALL, path, init))).line).toMatchObject({ route: '/products/{id}', decision: 'proxied', cache: 'HIT' })
  })

  // `events`: the security-event lines an allowed request still writes (docs/operations.md).
  const ALLOWED: Array<{ name: string; send: () => Promise<Response>; status: number; events?: string[] }> = [
    { name: 'proxied public route', send: () => call('/products/12?store=en'), status: 200 },
    { name: 'proxied shop error', send: () => call('/products', { headers: { 'X-Demo-Status': '500' } }), status: 500 },
    {
      name: 'token endpoint',
      send: () => postJson('/auth/token', { email: 'customer@example.com', password: 'password123' }),
      status: 200,
      events: ['login_succeeded'],
    },
    {
      name: 'preflight',
      send: () => call('/products', { method: 'OPTIONS', headers: { Origin: 'http://shop.localhost', 'Access-Control-Request-Method': 'GET' } }),
      status: 204,
    },
  ]
  for (const row of ALLOWED) {
    it(`${row.name}: no line by default (LOG_REQUESTS unset)`, async () => {
      spy.mockClear()
      const res = await row.send()
      await res.arrayBuffer()
      expect(res.status).toBe(row.status)
      expect(lines().map((line) => line.event)).toEqual(row.events ?? [])
    })
  }

  it('replaces a client X-Request-Id that tries to forge log fields, and echoes the id it logged', async () => {
    const forged = 'x", "event": "forged'
    const { res, line } = await logged(() => call('/customers/me', { headers: { 'X-Request-Id': forged } }))
    expect(line.requestId).toMatch(/^[0-9a-f-]{36}$/)
    expect(res.headers.get('x-request-id')).toBe(line.requestId)
    expect(everything()).not.toContain('forged')
  })

  it('keeps a safe client X-Request-Id (up to 255 of A-Za-z0-9_-=) on own answers, refusals, proxied answers and to the shop', async () => {
    const longest = `${'a'.repeat(250)}_-=Z9`
    const health = await call('/auth/health', { headers: { 'X-Request-Id': longest } })
    expect(health.status).toBe(200)
    expect(health.headers.get('x-request-id')).toBe(longest)
    const { res, line } = await logged(() => call('/customers/me', { headers: { 'X-Request-Id': 'client-7' } }))
    expect(res.headers.get('x-request-id')).toBe('client-7')
    expect(line.requestId).toBe('client-7')
    const proxied = await call('/stores/currencies', { headers: { 'X-Request-Id': 'client-8' } })
    expect(proxied.status).toBe(200)
    expect(proxied.headers.get('x-request-id')).toBe('client-8')
    expect(((await proxied.json()) as { receivedHeaders: Record<string, string> }).receivedHeaders['x-request-id']).toBe('client-8')
    // One character too long, or empty: a fresh UUID instead.
    for (const sent of [`${longest}x`, '']) {
      const fresh = await call('/auth/health', { headers: { 'X-Request-Id': sent } })
      expect(fresh.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/)
    }
  })

  it('never logs the query string, the path ids, a token, a password or an email', async () => {
    spy.mockClear()
    const token = await mint(customerClaims(1))
    const login = await callWith(ALL, '/auth/token', json({ email: 'customer@example.com', password: 'password123' }))
    const issued = (await login.json<{ token: string }>()).token
    await callWith(ALL, `/customers/me?access_token=${token}&token=${issued}&jwt=${token}`)
    await callWith(ALL, `/products/987654?access_token=${token}`, { headers: bearer(issued) })
    await callWith(ALL, '/customers/424242', { headers: bearer(token) })
    await callWith(ALL, '/products', { headers: bearer(`${token}x`) })
    const text = everything()
    for (const secret of [token, issued, token.split('.')[2]!, 'password123', 'customer@example.com', env.JWT_SECRET!, '987654', '424242', 'access_token']) {
      expect({ secret, found: text.includes(secret) }).toEqual({ secret, found: false })
    }
    expect(requestLines()).toHaveLength(5)
  })
})

describe('security events at the gateway', () => {
  it('names a _method override and a token in the query, never the token', async () => {
    const token = await mint(customerClaims(1))
    expect(await events(() => call('/products?_method=DELETE'))).toEqual([expect.objectContaining({ event: 'method_override_refused' })])
    expect(await events(() => call(`/products?access_token=${token}`))).toEqual([expect.objectContaining({ event: 'query_token_refused' })])
    expect(everything()).not.toContain(token)
  })

  async function events(send: () => Promise<Response>): Promise<Line[]> {
    spy.mockClear()
    await (await send()).arrayBuffer()
    return securityLines()
  }

  it('names a revoked token, with the request id of its request line', async () => {
    const claims = customerClaims(1)
    await env.REVOKED.put(`jti:${claims.jti}`, '1', { expirationTtl: 3600 })
    const found = await events(async () => call('/products', { headers: bearer(await mint(claims)) }))
    expect(found).toEqual([expect.objectContaining({ event: 'token_rejected', reason: 'revoked', requestId: requestLines()[0]!.requestId })])
  })

  it('names a forged token (signed with another secret)', async () => {
    const forged = await mint(customerClaims(1), { key: new TextEncoder().encode('another-secret-of-at-least-32-characters!!') })
    expect(await events(() => call('/products', { headers: bearer(forged) }))).toEqual([expect.objectContaining({ event: 'token_rejected', reason: 'forged' })])
  })

  it('names an authorization refusal (customer token on an admin route)', async () => {
    const token = await mint(customerClaims(1))
    expect(await events(() => call('/customers', { headers: bearer(token) }))).toEqual([
      expect.objectContaining({ event: 'authorization_refused', reason: 'forbidden', subject: 'customer_1', route: '/customers' }),
    ])
  })

  it('names a bad path, by its problem and not by the path', async () => {
    expect(await events(() => call(`${BASE}/api/rest/v2/products/..%2Fcustomers`))).toEqual([
      expect.objectContaining({ event: 'path_refused', problem: 'encoded_slash' }),
    ])
  })

  it('writes none for an allowed request', async () => {
    const token = await mint(serviceClaims(1, 'admin', ['all']))
    expect(await events(() => call('/customers', { headers: bearer(token) }))).toEqual([])
  })

  it('names a password change that revoked the other tokens: subject and kept jti, never the token', async () => {
    const customer = await createCustomer()
    const claims = customerClaims(customer.id, customer.email)
    const token = await mint(claims)
    const found = await events(() =>
      postJson('/customers/me/password', { currentPassword: 'password123', newPassword: 'n3w-secret-pass' }, { headers: bearer(token) }),
    )
    expect(found).toEqual([
      expect.objectContaining({ event: 'copy_written', route: 'password_change', account: `customers:${customer.id}` }),
      expect.objectContaining({ event: 'tokens_revoked', reason: 'password_changed', subject: `customer_${customer.id}`, keptJti: claims.jti }),
    ])
    for (const secret of [token, 'password123', 'n3w-secret-pass', customer.email]) expect(everything()).not.toContain(secret)
  })

  it('names a revocation check that could not run (KV down, failing closed; logged by the auth side)', async () => {
    const kv = wrap(env.REVOKED, { get: () => Promise.reject(new Error('KV down')) })
    const found = await events(async () => callWith({ REVOKED: kv }, '/products', { headers: bearer(await mint(customerClaims(1))) }))
    expect(found).toEqual([expect.objectContaining({ event: 'storage_unavailable', store: 'kv', operation: 'read' })])
  })
})
