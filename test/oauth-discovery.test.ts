// RFC 8414 and RFC 9728 discovery, and the RFC 9728 §5.1 pointer on every 401 of a protected route.
import { env } from 'cloudflare:workers'
import { describe, expect, it } from 'vitest'
import { ANSWERS } from './helpers/answers'
import { callWith, wrap } from './helpers/gateway-env'
import { BASE, call } from './helpers/http'
import { bearer, mint, serviceClaims } from './helpers/tokens'

const ISSUER = 'http://shop.localhost/'
const RESOURCE_METADATA = 'http://shop.localhost/.well-known/oauth-protected-resource'
const CHALLENGE = `Bearer realm="maho-api", resource_metadata="${RESOURCE_METADATA}"`
const BAD_TOKEN_CHALLENGE = `Bearer realm="maho-api", error="invalid_token", resource_metadata="${RESOURCE_METADATA}"`

describe('/.well-known/oauth-authorization-server (RFC 8414)', () => {
  it('names the issuer of the tokens and every endpoint gatehouse serves', async () => {
    const res = await call(`${BASE}/.well-known/oauth-authorization-server`)
    expect(res.status).toBe(200)
    expect(res.headers.get('Content-Type')).toBe('application/json')
    expect(await res.json()).toEqual({
      issuer: ISSUER,
      token_endpoint: 'http://shop.localhost/api/rest/v2/auth/token',
      token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post'],
      grant_types_supported: ['client_credentials', 'password', 'refresh_token'],
      response_types_supported: [],
      revocation_endpoint: 'http://shop.localhost/api/rest/v2/auth/revoke',
      revocation_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post'],
      introspection_endpoint: 'http://shop.localhost/api/rest/v2/auth/introspect',
      introspection_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post'],
    })
  })
})

// The demo shop bound as ORIGIN, counting what the gateway asks it.
function countedOrigin(): { origin: Fetcher; asked: () => number } {
  let asked = 0
  const origin = wrap(env.ORIGIN!, {
    fetch: (request: Request) => {
      asked += 1
      return env.ORIGIN!.fetch(request)
    },
  })
  return { origin, asked: () => asked }
}

describe('/.well-known/oauth-protected-resource (RFC 9728)', () => {
  // The demo shop publishes its own document, as the shop's newer line does (its `resource` is the
  // address it was asked at, http://gatehouse.test here): gatehouse keeps its fields and adds its own.
  const SHOP_FIELDS = { resource: BASE, resource_name: 'Demo Shop', resource_documentation: `${BASE}/api/docs` }
  const OWN = { resource: 'http://shop.localhost', authorization_servers: [ISSUER], bearer_methods_supported: ['header'] }

  it("keeps the shop's own fields and adds gatehouse as the server, header only", async () => {
    const res = await call(`${BASE}/.well-known/oauth-protected-resource`)
    expect(res.status).toBe(200)
    expect(res.headers.get('Content-Type')).toBe('application/json')
    expect(await res.json()).toEqual({ ...SHOP_FIELDS, authorization_servers: [ISSUER], bearer_methods_supported: ['header'] })
  })

  it('asks the shop once and keeps its document for the next discoveries', async () => {
    const { origin, asked } = countedOrigin()
    // One env object for both calls: one Config, so one isolate's keeping.
    const bindings = { ...env, ORIGIN: origin }
    const first = await callWith(bindings, `${BASE}/.well-known/oauth-protected-resource`)
    const second = await callWith(bindings, `${BASE}/.well-known/oauth-protected-resource`)
    expect([await first.json(), await second.json()]).toEqual([
      { ...SHOP_FIELDS, ...OWN, resource: BASE },
      { ...SHOP_FIELDS, ...OWN, resource: BASE },
    ])
    expect(asked()).toBe(1)
  })

  it("keeps the document per host it was asked on: a second host gets its own, not the first one's", async () => {
    const { origin, asked } = countedOrigin()
    const bindings = { ...env, ORIGIN: origin }
    const other = 'http://shop.localhost'
    const first = await callWith(bindings, `${BASE}/.well-known/oauth-protected-resource`)
    const second = await callWith(bindings, `${other}/.well-known/oauth-protected-resource`)
    const again = await callWith(bindings, `${other}/.well-known/oauth-protected-resource`)
    expect((await first.json<{ resource: string }>()).resource).toBe(BASE)
    expect((await second.json<{ resource: string }>()).resource).toBe(other)
    expect((await again.json<{ resource: string }>()).resource).toBe(other)
    expect(asked()).toBe(2)
  })

  const SHOPS: Array<{ name: string; answer: (request: Request) => Promise<Response>; document: Record<string, unknown> }> = [
    { name: 'a shop without a document (404)', answer: () => env.ORIGIN!.fetch('http://origin.test/__demo/status/404'), document: OWN },
    { name: 'a shop that fails (500)', answer: () => env.ORIGIN!.fetch('http://origin.test/__demo/status/500'), document: OWN },
    { name: 'a shop that cannot be reached', answer: () => Promise.reject(new Error('connection refused')), document: OWN },
    { name: 'an answer that is not JSON', answer: async () => new Response('<html>shop</html>', { headers: { 'Content-Type': 'text/html' } }), document: OWN },
    { name: 'a JSON array', answer: async () => Response.json(['resource']), document: OWN },
    {
      name: 'a shop that names its own server and more bearer methods',
      answer: async () =>
        Response.json({
          resource: 'https://shop.example',
          authorization_servers: ['https://shop.example', 7],
          bearer_methods_supported: ['header', 'query'],
          scopes_supported: ['mcp'],
        }),
      document: {
        resource: 'https://shop.example',
        authorization_servers: [ISSUER, 'https://shop.example'],
        bearer_methods_supported: ['header'],
        scopes_supported: ['mcp'],
      },
    },
  ]

  it.each(SHOPS)('answers $name with the fields it can keep', async ({ answer, document }) => {
    const res = await callWith({ ORIGIN: { fetch: answer } as unknown as Fetcher }, `${BASE}/.well-known/oauth-protected-resource`)
    expect(res.status).toBe(200)
    expect(await res.json()).toEqual(document)
  })
})

describe('discovery refusals', () => {
  const CASES = [
    { name: 'POST to the server metadata', path: '/.well-known/oauth-authorization-server', method: 'POST', status: 405, body: ANSWERS.methodNotAllowed },
    { name: 'DELETE to the resource metadata', path: '/.well-known/oauth-protected-resource', method: 'DELETE', status: 405, body: ANSWERS.methodNotAllowed },
    { name: 'a trailing slash', path: '/.well-known/oauth-authorization-server/', method: 'GET', status: 404, body: ANSWERS.notFound },
    { name: 'a path suffix', path: '/.well-known/oauth-protected-resource/api', method: 'GET', status: 404, body: ANSWERS.notFound },
    { name: 'OpenID configuration (not served)', path: '/.well-known/openid-configuration', method: 'GET', status: 404, body: ANSWERS.notFound },
  ]
  it.each(CASES)('$name: $status', async ({ path, method, status, body }) => {
    const res = await call(`${BASE}${path}`, { method })
    expect(res.status).toBe(status)
    expect(await res.json()).toEqual(body)
    if (status === 405) expect(res.headers.get('Allow')).toBe('GET, HEAD')
  })
})

describe('WWW-Authenticate points at the resource metadata', () => {
  it('on a protected route without a token', async () => {
    const res = await call('/customers/me')
    expect(res.status).toBe(401)
    expect(res.headers.get('WWW-Authenticate')).toBe(CHALLENGE)
    expect(await res.json()).toEqual(ANSWERS.noToken)
  })

  it('on a bad token', async () => {
    const res = await call('/customers/me', { headers: bearer('not-a-jwt') })
    expect(res.status).toBe(401)
    expect(res.headers.get('WWW-Authenticate')).toBe(BAD_TOKEN_CHALLENGE)
  })

  it('on an admin route without a token, and not on its 403', async () => {
    const none = await call('/products', { method: 'POST' })
    expect(none.status).toBe(401)
    expect(none.headers.get('WWW-Authenticate')).toBe(CHALLENGE)
    const weak = await call('/orders', { headers: bearer(await mint(serviceClaims(2, 'catalog', ['products/all']))) })
    expect(weak.status).toBe(403)
    expect(weak.headers.has('WWW-Authenticate')).toBe(false)
  })
})
