// A second configuration: the shop's own OAuth 2.1 server is on (SHOP_OAUTH_SERVER=on) and it
// serves persisted queries (GRAPHQL_GET=on). The gateway is built again with these vars.
import { env } from 'cloudflare:workers'
import { describe, expect, it } from 'vitest'
import { ConfigError, readConfig } from '../../src/config/config'
import { ANSWERS } from '../helpers/answers'
import { DOOR_BODY, mcpServerClaims, type Echo } from '../helpers/doors'
import { callWith } from '../helpers/gateway-env'
import { BASE } from '../helpers/http'
import { newProbe, originHits, PROBE_HEADER } from '../helpers/origin'
import { bearer, customerClaims, mint } from '../helpers/tokens'

const ON = { SHOP_OAUTH_SERVER: 'on', GRAPHQL_GET: 'on' }
const MCP = `${BASE}/api/mcp`
const MCP_METADATA = 'http://shop.localhost/.well-known/oauth-protected-resource/api/mcp'
const post = (url: string, headers: Record<string, string>, body: string = DOOR_BODY.mcp) =>
  callWith(ON, url, { method: 'POST', headers: { 'Content-Type': 'application/json', ...headers }, body })

describe("SHOP_OAUTH_SERVER=on: /api/mcp takes the shop OAuth server's tokens", () => {
  it("forwards a token of the shop's OAuth server untouched; the shop accepts it", async () => {
    const token = await mint(mcpServerClaims())
    const res = await post(MCP, bearer(token))
    expect(res.status).toBe(200)
    expect(res.headers.get('Cache-Control')).toBe('no-store')
    const { receivedHeaders } = await res.json<Echo>()
    expect(receivedHeaders.authorization).toBe(`Bearer ${token}`)
    expect(Object.keys(receivedHeaders).filter((name) => name.startsWith('x-gatehouse-'))).toEqual([])
  })

  it('forwards an opaque token untouched and lets the shop answer it', async () => {
    const probe = newProbe()
    const res = await post(MCP, { Authorization: 'Bearer 3f2a9c0d5e6b7a8190a1b2c3d4e5f607', [PROBE_HEADER]: probe, 'X-Gatehouse-Subject': 'admin_1' })
    // The demo shop, like the shop, refuses a Bearer it did not sign: its 401, not the edge's.
    expect(res.status).toBe(401)
    expect(await originHits(probe)).toBe(1)
  })

  it("still refuses a revoked gatehouse token, naming the MCP resource's metadata", async () => {
    const token = await mint(customerClaims(1))
    expect((await callWith(ON, `${BASE}/api/rest/v2/auth/logout`, { method: 'POST', headers: bearer(token) })).status).toBe(200)
    const probe = newProbe()
    const res = await post(MCP, { ...bearer(token), [PROBE_HEADER]: probe })
    expect(res.status).toBe(401)
    expect(await res.json()).toEqual(ANSWERS.invalidToken)
    expect(res.headers.get('WWW-Authenticate')).toBe(`Bearer realm="maho-api", error="invalid_token", resource_metadata="${MCP_METADATA}"`)
    expect(await originHits(probe)).toBe(0)
  })

  it('does not let such tokens into GraphQL: the edge takes them on /api/mcp only', async () => {
    for (const authorization of [`Bearer ${await mint(mcpServerClaims())}`, 'Bearer 3f2a9c0d5e6b7a8190a1b2c3d4e5f607']) {
      const res = await post(`${BASE}/api/graphql`, { Authorization: authorization }, DOOR_BODY.graphql)
      expect(res.status).toBe(401)
      expect(await res.json()).toEqual(ANSWERS.invalidToken)
    }
  })
})

describe("SHOP_OAUTH_SERVER=on: the shop's OAuth endpoints and discovery", () => {
  it.each([
    ['GET', '/api/oauth/authorize?response_type=code&client_id=c1&code_challenge=x&code_challenge_method=S256'],
    ['POST', '/api/oauth/token'],
    ['POST', '/api/oauth/register'],
  ])('passes %s %s to the shop untouched, client credentials included', async (method, path) => {
    const init: RequestInit = { method, headers: { Authorization: 'Basic YzE6czE=', 'X-Gatehouse-Subject': 'admin_1' } }
    if (method === 'POST') init.body = 'grant_type=authorization_code&code=abc'
    const res = await callWith(ON, `${BASE}${path}`, init)
    expect(res.status).toBe(200)
    const echo = await res.json<Echo>()
    expect(echo).toMatchObject({ method, path, receivedHeaders: { authorization: 'Basic YzE6czE=' } })
    expect(echo.receivedHeaders).not.toHaveProperty('x-gatehouse-subject')
    if (method === 'POST') expect(echo.receivedBody).toBe('grant_type=authorization_code&code=abc')
  })

  it("passes the shop's own RFC 8414 document through", async () => {
    const res = await callWith(ON, `${BASE}/.well-known/oauth-authorization-server`)
    expect(res.status).toBe(200)
    expect(await res.json()).toMatchObject({ demo: true, method: 'GET', path: '/.well-known/oauth-authorization-server' })
  })

  it("names the shop's server beside gatehouse in the protected resource document, and alone for /api/mcp", async () => {
    const root = await callWith(ON, `${BASE}/.well-known/oauth-protected-resource`)
    // The shop's own document's fields are kept (docs/oauth.md); its server is named beside gatehouse.
    expect(await root.json()).toMatchObject({
      resource_name: 'Demo Shop',
      authorization_servers: ['http://shop.localhost/', 'http://shop.localhost'],
      bearer_methods_supported: ['header'],
    })
    const mcp = await callWith(ON, `${BASE}/.well-known/oauth-protected-resource/api/mcp`)
    expect(mcp.status).toBe(200)
    expect(await mcp.json()).toEqual({
      resource: 'http://shop.localhost/api/mcp',
      authorization_servers: ['http://shop.localhost'],
      bearer_methods_supported: ['header'],
      scopes_supported: ['mcp'],
    })
  })

  it("answers 404 for the MCP resource document while the shop's server is off", async () => {
    const res = await callWith({}, `${BASE}/.well-known/oauth-protected-resource/api/mcp`)
    expect(res.status).toBe(404)
    expect(await res.json()).toEqual(ANSWERS.notFound)
  })
})

describe('GRAPHQL_GET=on: persisted queries over GET', () => {
  const url = `${BASE}/api/graphql?extensions=%7B%22persistedQuery%22%3A%7B%22sha256Hash%22%3A%22abc%22%7D%7D`

  it('forwards a GET with its query string; an authenticated one comes back no-store', async () => {
    const res = await callWith(ON, url, { headers: bearer(await mint(customerClaims(1))) })
    expect(res.status).toBe(200)
    expect(res.headers.get('Cache-Control')).toBe('no-store')
    expect(await res.json()).toMatchObject({
      method: 'GET',
      path: new URL(url).pathname + new URL(url).search,
      receivedHeaders: { 'x-gatehouse-subject': 'customer_1' },
    })
  })

  it("leaves an anonymous GET's caching to the shop, and still refuses PUT", async () => {
    const res = await callWith(ON, url)
    expect(res.status).toBe(200)
    expect(res.headers.get('Cache-Control')).not.toBe('no-store')
    const put = await callWith(ON, `${BASE}/api/graphql`, { method: 'PUT', body: '{}' })
    expect(put.status).toBe(405)
    expect(put.headers.get('Allow')).toBe('GET, HEAD, POST')
  })
})

describe('door configuration', () => {
  it("has the documented defaults: the shop's server off, GraphQL GET off, 64 KiB bodies", () => {
    expect(readConfig({ ...env, SHOP_OAUTH_SERVER: undefined, GRAPHQL_GET: undefined, DOORS_MAX_BODY_BYTES: undefined }).doors).toEqual({
      shopOAuthServer: false,
      graphqlGet: false,
      maxBodyBytes: 65_536,
    })
    expect(readConfig({ ...env, ...ON, DOORS_MAX_BODY_BYTES: '1048576' }).doors).toEqual({ shopOAuthServer: true, graphqlGet: true, maxBodyBytes: 1_048_576 })
  })

  const bad: { name: string; vars: Record<string, string>; message: RegExp }[] = [
    { name: 'SHOP_OAUTH_SERVER yes', vars: { SHOP_OAUTH_SERVER: 'yes' }, message: /SHOP_OAUTH_SERVER must be on or off/ },
    { name: 'GRAPHQL_GET true', vars: { GRAPHQL_GET: 'true' }, message: /GRAPHQL_GET must be on or off/ },
    { name: 'a body cap under 1 KiB', vars: { DOORS_MAX_BODY_BYTES: '1023' }, message: /DOORS_MAX_BODY_BYTES/ },
    { name: 'a body cap over 100 MB', vars: { DOORS_MAX_BODY_BYTES: '104857601' }, message: /DOORS_MAX_BODY_BYTES/ },
    { name: 'a body cap with a unit', vars: { DOORS_MAX_BODY_BYTES: '64k' }, message: /DOORS_MAX_BODY_BYTES/ },
  ]
  for (const row of bad) {
    it(`refuses ${row.name}, and the doors answer 500 misconfigured`, async () => {
      expect(() => readConfig({ ...env, ...row.vars })).toThrow(ConfigError)
      expect(() => readConfig({ ...env, ...row.vars })).toThrow(row.message)
      const res = await callWith(row.vars, MCP, { method: 'POST', body: DOOR_BODY.mcp })
      expect(res.status).toBe(500)
      expect(await res.json()).toEqual({ ...ANSWERS.internal, message: 'Gateway misconfigured' })
    })
  }
})
