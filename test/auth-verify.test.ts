import { createExecutionContext } from 'cloudflare:test'
import { env } from 'cloudflare:workers'
import { describe, expect, it } from 'vitest'
import { authenticate } from '../src/auth/authenticate'
import { requestContext } from '../src/context'
import { GatehouseError } from '../src/core/errors'
import worker from '../src/index'
import { call } from './helpers/http'
import { bearer, customerClaims, mint, nowSeconds, serviceClaims, signRaw } from './helpers/tokens'
import { verifierTokens } from './hostile/verifier-tokens'
import { ANSWERS } from './helpers/answers'

const refresh = (headers: Record<string, string>) => call('/auth/refresh', { method: 'POST', headers })
describe('the token verifier refuses hostile tokens with 401 invalid_token', () => {
  it.each(verifierTokens)('$name', async ({ token }) => {
    const res = await refresh(bearer(await token()))
    expect(res.status).toBe(401)
    expect(res.headers.get('WWW-Authenticate')).toBe(
      'Bearer realm="maho-api", error="invalid_token", resource_metadata="http://shop.localhost/.well-known/oauth-protected-resource"',
    )
    expect(await res.json()).toEqual(ANSWERS.invalidToken)
  })
})

describe('tokens minted by the shop itself', () => {
  it("accepts a customer token minted with the shop's secret and claims", async () => {
    const res = await refresh(bearer(await mint(customerClaims(1))))
    expect(res.status).toBe(200)
    expect(await res.json()).toMatchObject({ customer: { id: 1, email: 'customer@example.com' } })
  })

  it("accepts a token signed by hand with the shop's header and claims", async () => {
    const res = await refresh(bearer(await signRaw({ typ: 'JWT', alg: 'HS256' }, customerClaims(2, 'other@example.com'))))
    expect(res.status).toBe(200)
  })

  it('accepts a service token with allowed_store_ids', async () => {
    const principal = await authenticate(`Bearer ${await mint({ ...serviceClaims(2, 'catalog'), allowed_store_ids: [1] })}`, requestContext(env))
    expect(principal).toMatchObject({ type: 'api_user', apiUserId: 2, username: 'catalog', allowedStoreIds: [1] })
  })

  it("accepts a token issued after the subject's not-before stamp", async () => {
    await env.REVOKED.put('nbf:customer_2', String(nowSeconds() - 10))
    const principal = await authenticate(`Bearer ${await mint(customerClaims(2, 'other@example.com'))}`, requestContext(env))
    expect(principal).toMatchObject({ type: 'customer', customerId: 2, subject: 'customer_2' })
  })
})

describe('authenticate(authorization)', () => {
  it.each([null, undefined])('returns undefined without a header (%s)', async (header) => {
    expect(await authenticate(header, requestContext(env))).toBeUndefined()
  })

  it('accepts the scheme in any case', async () => {
    const token = await mint(customerClaims(1))
    expect(await authenticate(`bEaReR ${token}`, requestContext(env))).toMatchObject({ customerId: 1 })
  })

  const malformed: [string, (t: string) => string][] = [
    ['an empty header', () => ''],
    ['Basic credentials', () => 'Basic YWRtaW46YWRtaW4='],
    ['the scheme alone', () => 'Bearer'],
    ['two spaces', (t) => `Bearer  ${t}`],
    ['a tab', (t) => `Bearer\t${t}`],
    ['two tokens', (t) => `Bearer ${t} ${t}`],
    ['a comma-joined second header', (t) => `Bearer ${t}, Bearer ${t}`],
    ['a non-b64token character', (t) => `Bearer ${t}!`],
    ['no scheme', (t) => t],
  ]
  it.each(malformed)('throws invalid_token for %s', async (_name, header) => {
    const error = await authenticate(header(await mint(customerClaims(1))), requestContext(env)).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(GatehouseError)
    expect((error as GatehouseError).reason).toBe('invalid_token')
  })
})

describe('revocation storage faults', () => {
  it('answers 503 when KV fails during the revocation check, never allowing the token', async () => {
    const failing = { ...env.REVOKED, get: () => Promise.reject(new Error('KV down')) } as unknown as KVNamespace
    const request = new Request('http://gatehouse.test/api/rest/v2/auth/refresh', {
      method: 'POST',
      headers: { ...bearer(await mint(customerClaims(1))), 'CF-Connecting-IP': '10.250.0.1' },
    })
    const res = await worker.fetch(request, { ...env, REVOKED: failing }, createExecutionContext())
    expect(res.status).toBe(503)
    expect(await res.json()).toEqual({ error: 'service_unavailable', message: 'Service temporarily unavailable', code: 503 })
  })

  it('answers 503 when the logout cannot be written, and the token still works after', async () => {
    const token = await mint(customerClaims(1))
    const failing = { get: env.REVOKED.get.bind(env.REVOKED), put: () => Promise.reject(new Error('KV down')) } as unknown as KVNamespace
    const request = new Request('http://gatehouse.test/api/rest/v2/auth/logout', { method: 'POST', headers: bearer(token) })
    const res = await worker.fetch(request, { ...env, REVOKED: failing }, createExecutionContext())
    expect(res.status).toBe(503)
    expect(await res.json()).toEqual({ error: 'service_unavailable', message: 'Service temporarily unavailable', code: 503 })
    expect(await authenticate(`Bearer ${token}`, requestContext(env))).toMatchObject({ customerId: 1 })
  })
})
