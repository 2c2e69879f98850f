// The "done when" of the OAuth 2.0 dialect: an unmodified standards-compliant client library
// (oauth4webapi, used as published) discovers gatehouse, obtains tokens with HTTP Basic and with a
// form body, uses them through the gateway, gets invalid_client for a wrong secret, and revokes a
// token: the revoked one is refused, the other still works.
import { createExecutionContext, waitOnExecutionContext } from 'cloudflare:test'
import { env, exports } from 'cloudflare:workers'
import { decodeJwt } from 'jose'
import * as oauth from 'oauth4webapi'
import { describe, expect, it } from 'vitest'
import { localGatewayVars } from '../scripts/lib/local-config.mjs'
import type { Env } from '../src/core/env'
import worker from '../src/index'
import { freshIp } from './helpers/http'
import { CLIENT_SECRET, createClient } from './helpers/oauth'

const ISSUER = new URL('http://shop.localhost/')
const RESOURCE = new URL('http://shop.localhost')
const API = 'http://shop.localhost/api/rest/v2'

// The library fetches the issuer's URLs (http://shop.localhost/...): those requests are handed to
// the gateway under test instead of the network, from one client IP per test. The library itself
// is not changed; customFetch and allowInsecureRequests (plain http locally) are its own options.
function options(ip: string) {
  const gatewayFetch = (url: string | URL | Request, init?: RequestInit) => {
    const request = new Request(url, init)
    request.headers.set('CF-Connecting-IP', ip)
    return exports.default.fetch(request)
  }
  return { [oauth.customFetch]: gatewayFetch as typeof fetch, [oauth.allowInsecureRequests]: true as const }
}

async function discover(ip: string): Promise<oauth.AuthorizationServer> {
  const response = await oauth.discoveryRequest(ISSUER, { ...options(ip), algorithm: 'oauth2' })
  return oauth.processDiscoveryResponse(ISSUER, response)
}

describe('oauth4webapi against gatehouse', () => {
  it('discovers the authorization server from the protected resource metadata', async () => {
    const ip = freshIp()
    const rs = await oauth.processResourceDiscoveryResponse(RESOURCE, await oauth.resourceDiscoveryRequest(RESOURCE, options(ip)))
    expect(rs.authorization_servers).toEqual([ISSUER.href])
    const as = await discover(ip)
    expect(as).toMatchObject({
      issuer: ISSUER.href,
      token_endpoint: `${API}/auth/token`,
      revocation_endpoint: `${API}/auth/revoke`,
      introspection_endpoint: `${API}/auth/introspect`,
    })
  })

  it('gets tokens with Basic and with a form body, uses them, revokes one: the revoked one is refused, the other still works', async () => {
    const ip = freshIp()
    const as = await discover(ip)
    const { clientId } = await createClient(['products/all'])
    const client: oauth.Client = { client_id: clientId }
    const grant = async (auth: oauth.ClientAuth) =>
      oauth.processClientCredentialsResponse(as, client, await oauth.clientCredentialsGrantRequest(as, client, auth, new URLSearchParams(), options(ip)))

    const viaBasic = await grant(oauth.ClientSecretBasic(CLIENT_SECRET))
    const viaForm = await grant(oauth.ClientSecretPost(CLIENT_SECRET))
    expect(viaBasic.token_type).toBe('bearer')
    expect(viaBasic.expires_in).toBe(3600)

    // The library throws on a 401 that carries a challenge (as every 401 of the gateway does).
    const use = (token: string) =>
      oauth.protectedResourceRequest(token, 'GET', new URL(`${API}/products/1/tier-prices`), undefined, undefined, options(ip)).then(
        (res) => res.status,
        (err: unknown) => (err instanceof oauth.WWWAuthenticateChallengeError ? err.status : Promise.reject(err)),
      )
    expect(await use(viaBasic.access_token)).toBe(200)
    expect(await use(viaForm.access_token)).toBe(200)

    const revocation = await oauth.revocationRequest(as, client, oauth.ClientSecretBasic(CLIENT_SECRET), viaBasic.access_token, options(ip))
    await oauth.processRevocationResponse(revocation)

    expect(await use(viaBasic.access_token)).toBe(401)
    expect(await use(viaForm.access_token)).toBe(200)
  })

  it('gets invalid_client for a wrong secret, by Basic and by form body', async () => {
    const ip = freshIp()
    const as = await discover(ip)
    const client: oauth.Client = { client_id: (await createClient()).clientId }
    const CASES = [
      { auth: oauth.ClientSecretBasic('wrong-secret'), scheme: 'basic' },
      { auth: oauth.ClientSecretPost('wrong-secret'), scheme: 'bearer' },
    ]
    for (const { auth, scheme } of CASES) {
      const response = await oauth.clientCredentialsGrantRequest(as, client, auth, new URLSearchParams(), options(ip))
      // A 401 with a challenge surfaces as the library's challenge error, the response attached.
      const refused = await oauth.processClientCredentialsResponse(as, client, response).catch((err: unknown) => err)
      expect(refused).toBeInstanceOf(oauth.WWWAuthenticateChallengeError)
      const challenge = refused as oauth.WWWAuthenticateChallengeError
      expect(challenge.status).toBe(401)
      expect(challenge.cause[0]!.scheme).toBe(scheme)
      expect(await challenge.response.json()).toMatchObject({ error: 'invalid_client' })
    }
  })

  it('introspects a token with a client holding tokens/read', async () => {
    const ip = freshIp()
    const as = await discover(ip)
    const subject = await createClient(['products/all'])
    const subjectClient: oauth.Client = { client_id: subject.clientId }
    const { access_token } = await oauth.processClientCredentialsResponse(
      as,
      subjectClient,
      await oauth.clientCredentialsGrantRequest(as, subjectClient, oauth.ClientSecretBasic(CLIENT_SECRET), new URLSearchParams(), options(ip)),
    )
    const inspector: oauth.Client = { client_id: (await createClient(['tokens/read'])).clientId }
    const response = await oauth.introspectionRequest(as, inspector, oauth.ClientSecretBasic(CLIENT_SECRET), access_token, options(ip))
    const result = await oauth.processIntrospectionResponse(as, inspector, response)
    expect(result).toMatchObject({ active: true, client_id: subject.clientId, sub: `api_user_${subject.id}`, token_type: 'Bearer' })
  })
})

// `npm start` on PORT 8787 (scripts/start.mjs): the gateway's vars as that run sets them, so a client
// that knows only http://localhost:8787 discovers an issuer and endpoints it can reach.
describe('oauth4webapi against `npm start` on http://localhost:8787', () => {
  const LOCAL = new URL('http://localhost:8787')
  const localEnv = { ...env, ...localGatewayVars(env.JWT_ISSUER ? { JWT_ISSUER: env.JWT_ISSUER } : {}, 8787) } as Env

  function localOptions(ip: string) {
    const localFetch = async (url: string | URL | Request, init?: RequestInit) => {
      const request = new Request(url, init)
      request.headers.set('CF-Connecting-IP', ip)
      const ctx = createExecutionContext()
      const res = await worker.fetch(request, localEnv, ctx)
      await waitOnExecutionContext(ctx)
      return res
    }
    return { [oauth.customFetch]: localFetch as typeof fetch, [oauth.allowInsecureRequests]: true as const }
  }

  it('discovers the resource and the server at the address it used, gets a token there and introspects it', async () => {
    const ip = freshIp()
    const rs = await oauth.processResourceDiscoveryResponse(LOCAL, await oauth.resourceDiscoveryRequest(LOCAL, localOptions(ip)))
    // The demo shop's own fields (it publishes a document, as the shop's newer line does) are kept.
    expect(rs).toEqual({
      resource: 'http://localhost:8787',
      resource_name: 'Demo Shop',
      resource_documentation: 'http://localhost:8787/api/docs',
      authorization_servers: ['http://localhost:8787/'],
      bearer_methods_supported: ['header'],
    })
    const issuer = new URL(rs.authorization_servers![0]!)
    const as = await oauth.processDiscoveryResponse(issuer, await oauth.discoveryRequest(issuer, { ...localOptions(ip), algorithm: 'oauth2' }))
    expect(as).toMatchObject({ issuer: 'http://localhost:8787/', token_endpoint: 'http://localhost:8787/api/rest/v2/auth/token' })

    const { clientId } = await createClient(['products/all'])
    const client: oauth.Client = { client_id: clientId }
    const auth = oauth.ClientSecretBasic(CLIENT_SECRET)
    const { access_token } = await oauth.processClientCredentialsResponse(
      as,
      client,
      await oauth.clientCredentialsGrantRequest(as, client, auth, new URLSearchParams(), localOptions(ip)),
    )
    const inspector: oauth.Client = { client_id: (await createClient(['tokens/read'])).clientId }
    const introspected = await oauth.processIntrospectionResponse(
      as,
      inspector,
      await oauth.introspectionRequest(as, inspector, auth, access_token, localOptions(ip)),
    )
    expect(introspected).toMatchObject({ active: true, client_id: clientId })
    expect(decodeJwt(access_token).iss).toBe('http://localhost:8787/')
  })
})
