// /api/graphql and /api/mcp behind the gate: what passes to the shop, and with which headers.
import { describe, expect, it } from 'vitest'
import { ANSWERS } from '../helpers/answers'
import { DOOR_BODY, DOOR_URL, postDoor, type DoorName, type Echo } from '../helpers/doors'
import { BASE, call } from '../helpers/http'
import { newProbe, originHits, PROBE_HEADER } from '../helpers/origin'
import { bearer, customerClaims, mint, serviceClaims } from '../helpers/tokens'

const DOORS: DoorName[] = ['graphql', 'mcp']

describe.each(DOORS)('/api/%s forwards', (door) => {
  it('a request without a token, body intact, with the client address and no identity headers', async () => {
    const res = await postDoor(door, { 'CF-Connecting-IP': '198.51.100.7' })
    expect(res.status).toBe(200)
    const echo = await res.json<Echo>()
    expect(echo).toMatchObject({ demo: true, method: 'POST', path: `/api/${door}`, receivedBody: DOOR_BODY[door] })
    expect(echo.receivedHeaders['x-forwarded-for']).toBe('198.51.100.7')
    expect(Object.keys(echo.receivedHeaders).filter((name) => name.startsWith('x-gatehouse-') || name === 'authorization')).toEqual([])
    expect(res.headers.get('X-Request-Id')).toMatch(/.+/)
  })

  it("a valid customer token with the shop's headers clean: spoofed identity and client-address headers dropped, no-store back", async () => {
    const token = await mint(customerClaims(1))
    const res = await postDoor(door, {
      ...bearer(token),
      'CF-Connecting-IP': '198.51.100.8',
      'X-Gatehouse-Subject': 'api_user_1',
      X_Gatehouse_Permissions: 'all',
      'X-Forwarded-For': '6.6.6.6',
      'X-Real-IP': '6.6.6.6',
      'Client-IP': '6.6.6.6',
      'True-Client-IP': '6.6.6.6',
      Forwarded: 'for=6.6.6.6',
      'X-HTTP-Method-Override': 'DELETE',
      'X-Original-URL': '/api/rest/v2/customers',
    })
    expect(res.status).toBe(200)
    expect(res.headers.get('Cache-Control')).toBe('no-store')
    const { receivedHeaders } = await res.json<Echo>()
    expect(JSON.stringify(receivedHeaders)).not.toContain('6.6.6.6')
    expect(receivedHeaders).toMatchObject({
      authorization: `Bearer ${token}`,
      'x-forwarded-for': '198.51.100.8',
      'x-real-ip': '198.51.100.8',
      'x-gatehouse-subject': 'customer_1',
      'x-gatehouse-type': 'customer',
      'x-gatehouse-customer-id': '1',
    })
    for (const name of ['x-gatehouse-permissions', 'x-http-method-override', 'x-original-url', 'forwarded', 'client-ip', 'true-client-ip']) {
      expect(receivedHeaders).not.toHaveProperty(name)
    }
  })

  it('a valid service token, with its permissions as identity header', async () => {
    const res = await postDoor(door, bearer(await mint(serviceClaims(2, 'catalog', ['products/all', 'categories/all']))))
    expect(res.status).toBe(200)
    expect((await res.json<Echo>()).receivedHeaders['x-gatehouse-permissions']).toBe('products/all,categories/all')
  })
})

describe('what the doors refuse before the shop sees it', () => {
  const big = 64 * 1024
  const rows: { name: string; url: string; init: RequestInit; status: number; body: object; allow?: string }[] = [
    {
      name: 'GraphQL over GET (GRAPHQL_GET off)',
      url: `${DOOR_URL.graphql}?query=%7Bproducts%7Bsku%7D%7D`,
      init: {},
      status: 405,
      body: ANSWERS.methodNotAllowed,
      allow: 'POST',
    },
    {
      name: 'GraphQL PUT',
      url: DOOR_URL.graphql,
      init: { method: 'PUT', body: DOOR_BODY.graphql },
      status: 405,
      body: ANSWERS.methodNotAllowed,
      allow: 'POST',
    },
    {
      name: 'MCP PUT',
      url: DOOR_URL.mcp,
      init: { method: 'PUT', body: DOOR_BODY.mcp },
      status: 405,
      body: ANSWERS.methodNotAllowed,
      allow: 'GET, POST, DELETE',
    },
    {
      name: 'MCP PATCH',
      url: DOOR_URL.mcp,
      init: { method: 'PATCH', body: DOOR_BODY.mcp },
      status: 405,
      body: ANSWERS.methodNotAllowed,
      allow: 'GET, POST, DELETE',
    },
    {
      name: 'a token in the query (GraphQL)',
      url: `${DOOR_URL.graphql}?access_token=abc`,
      init: { method: 'POST', body: DOOR_BODY.graphql },
      status: 400,
      body: ANSWERS.tokenInQuery,
    },
    {
      name: 'a token in the query, PHP spelling (MCP)',
      url: `${DOOR_URL.mcp}?access%5Ftoken=abc`,
      init: { method: 'POST', body: DOOR_BODY.mcp },
      status: 400,
      body: ANSWERS.tokenInQuery,
    },
    {
      name: '_method in the query',
      url: `${DOOR_URL.graphql}?_method=GET`,
      init: { method: 'POST', body: DOOR_BODY.graphql },
      status: 400,
      body: ANSWERS.methodOverride,
    },
    {
      name: 'a GraphQL body one byte over the cap',
      url: DOOR_URL.graphql,
      init: { method: 'POST', body: 'x'.repeat(big + 1) },
      status: 413,
      body: ANSWERS.tooLarge,
    },
    { name: 'an MCP body one byte over the cap', url: DOOR_URL.mcp, init: { method: 'POST', body: 'x'.repeat(big + 1) }, status: 413, body: ANSWERS.tooLarge },
    { name: 'a streamed body over the cap', url: DOOR_URL.mcp, init: { method: 'POST', body: stream(big + 1) }, status: 413, body: ANSWERS.tooLarge },
    { name: 'a path under the GraphQL door', url: `${BASE}/api/graphql/graphiql`, init: {}, status: 404, body: ANSWERS.notFound },
    { name: 'a trailing slash', url: `${BASE}/api/mcp/`, init: { method: 'POST', body: DOOR_BODY.mcp }, status: 404, body: ANSWERS.notFound },
    { name: 'a longer name', url: `${BASE}/api/mcpx`, init: { method: 'POST', body: DOOR_BODY.mcp }, status: 404, body: ANSWERS.notFound },
    {
      name: "the shop's OAuth server (SHOP_OAUTH_SERVER off)",
      url: `${BASE}/api/oauth/token`,
      init: { method: 'POST', body: 'grant_type=refresh_token' },
      status: 404,
      body: ANSWERS.notFound,
    },
  ]
  for (const row of rows) {
    it(`${row.name} → ${row.status}`, async () => {
      const probe = newProbe()
      const headers = new Headers(row.init.headers)
      headers.set(PROBE_HEADER, probe)
      const res = await call(row.url, { ...row.init, headers, ...(row.init.body instanceof ReadableStream ? { duplex: 'half' } : {}) } as RequestInit)
      expect(res.status).toBe(row.status)
      expect(await res.json()).toEqual(row.body)
      expect(res.headers.get('Allow')).toBe(row.allow ?? null)
      expect(await originHits(probe)).toBe(0)
    })
  }

  it.each(DOORS)('/api/%s forwards a body of exactly the cap', async (door) => {
    const res = await postDoor(door, {}, 'x'.repeat(64 * 1024))
    expect(res.status).toBe(200)
    expect((await res.json<Echo>()).receivedBody).toHaveLength(4096)
  })

  it('MCP GET (the event stream) and DELETE (end of session) pass', async () => {
    for (const method of ['GET', 'DELETE']) {
      const res = await call(DOOR_URL.mcp, { method, headers: { 'Mcp-Session-Id': 'session-1' } })
      expect(res.status).toBe(200)
      expect(await res.json<Echo>()).toMatchObject({ method, path: '/api/mcp', receivedHeaders: { 'mcp-session-id': 'session-1' } })
    }
  })
})

function stream(bytes: number): ReadableStream<Uint8Array> {
  let left = bytes
  return new ReadableStream({
    pull(controller) {
      const n = Math.min(left, 8192)
      controller.enqueue(new Uint8Array(n).fill(120))
      left -= n
      if (left === 0) controller.close()
    },
  })
}

describe('cookie mode on the doors', () => {
  const firstParty = { Origin: 'http://localhost:8787', 'X-Requested-With': 'fetch' }

  it.each(DOORS)("/api/%s verifies the access cookie like a Bearer and sends it to the shop as one, gatehouse's cookies stripped", async (door) => {
    const token = await mint(customerClaims(1))
    const res = await postDoor(door, { ...firstParty, Cookie: `theme=dark; __Host-gh_access=${token}` })
    expect(res.status).toBe(200)
    expect(res.headers.get('Cache-Control')).toBe('no-store')
    const { receivedHeaders } = await res.json<Echo>()
    expect(receivedHeaders).toMatchObject({ authorization: `Bearer ${token}`, cookie: 'theme=dark', 'x-gatehouse-subject': 'customer_1' })
  })

  it.each(DOORS)('/api/%s refuses a cross-site POST that carries only the cookie (403, CSRF)', async (door) => {
    const probe = newProbe()
    const res = await postDoor(door, { Origin: 'https://evil.example', Cookie: `__Host-gh_access=${await mint(customerClaims(1))}`, [PROBE_HEADER]: probe })
    expect(res.status).toBe(403)
    expect(await res.json()).toEqual({ error: 'forbidden', message: 'Cross-site request refused', code: 403 })
    expect(await originHits(probe)).toBe(0)
  })
})
