import { createExecutionContext } from 'cloudflare:test'
import { env } from 'cloudflare:workers'
import type { JWTPayload } from 'jose'
import { describe, expect, it } from 'vitest'
import { authenticate } from '../src/auth'
import { readConfig } from '../src/config'
import { GatehouseError } from '../src/errors'
import worker from '../src/index'
import { call } from './helpers/http'
import { bearer, customerClaims, mint, nowSeconds, rawToken, serviceClaims, signRaw } from './helpers/tokens'

const INVALID_TOKEN = { error: 'unauthorized', message: 'Invalid or expired token', code: 401 }
const refresh = (headers: Record<string, string>) => call('/auth/refresh', { method: 'POST', headers })
const otherSecret = new TextEncoder().encode('another-secret-that-is-long-enough-0123456789')

function without(claims: JWTPayload, name: string): JWTPayload {
  const copy = { ...claims }
  delete copy[name]
  return copy
}

const hostile: { name: string; token: () => Promise<string> | string }[] = [
  { name: 'expired', token: () => { const c = customerClaims(); return mint({ ...c, exp: nowSeconds() - 1 }) } },
  { name: 'expiring this very second', token: () => mint({ ...customerClaims(), exp: nowSeconds() }) },
  { name: 'not yet valid', token: () => mint({ ...customerClaims(), nbf: nowSeconds() + 60 }) },
  { name: 'issued in the future', token: () => mint({ ...customerClaims(), iat: nowSeconds() + 60 }) },
  { name: 'signed with another secret', token: () => mint(customerClaims(), { key: otherSecret }) },
  { name: 'alg none, no signature', token: () => rawToken({ alg: 'none', typ: 'JWT' }, customerClaims()) },
  { name: 'alg NONE', token: () => rawToken({ alg: 'NONE' }, customerClaims()) },
  { name: 'RS256 header', token: () => rawToken({ alg: 'RS256', typ: 'JWT' }, customerClaims(), 'c2lnbmF0dXJl') },
  { name: 'HS512 header', token: () => rawToken({ alg: 'HS512', typ: 'JWT' }, customerClaims(), 'c2lnbmF0dXJl') },
  { name: 'jku header', token: () => mint(customerClaims(), { header: { jku: 'https://evil.example/keys' } }) },
  { name: 'jwk header', token: () => mint(customerClaims(), { header: { jwk: { kty: 'oct', k: 'AAAA' } } }) },
  { name: 'x5u header', token: () => mint(customerClaims(), { header: { x5u: 'https://evil.example/cert' } }) },
  { name: 'x5c header', token: () => mint(customerClaims(), { header: { x5c: ['AAAA'] } }) },
  { name: 'crit header', token: () => signRaw({ alg: 'HS256', typ: 'JWT', crit: ['b64'], b64: true }, customerClaims()) },
  { name: 'alg none with a valid-looking HMAC', token: () => signRaw({ alg: 'none', typ: 'JWT' }, customerClaims()) },
  { name: 'wrong iss', token: () => mint({ ...customerClaims(), iss: 'http://evil.localhost/' }) },
  { name: 'iss without trailing slash', token: () => mint({ ...customerClaims(), iss: 'http://shop.localhost' }) },
  { name: 'wrong aud', token: () => mint({ ...customerClaims(), aud: 'other-api' }) },
  { name: 'aud as an array', token: () => mint({ ...customerClaims(), aud: ['maho-api', 'other-api'] }) },
  { name: 'uppercase jti', token: () => mint({ ...customerClaims(), jti: 'ABCDEF0123456789ABCDEF0123456789' }) },
  { name: 'short jti', token: () => mint({ ...customerClaims(), jti: 'abc123' }) },
  ...['exp', 'nbf', 'iat', 'jti', 'sub', 'iss', 'aud'].map((claim) => ({ name: `missing ${claim}`, token: () => mint(without(customerClaims(), claim)) })),
  { name: 'string exp', token: () => mint({ ...customerClaims(), exp: String(nowSeconds() + 3600) as unknown as number }) },
  { name: 'sub of another customer', token: () => mint({ ...customerClaims(1), sub: 'customer_2' }) },
  { name: 'string customer_id', token: () => mint({ ...customerClaims(1), customer_id: '1' }) },
  { name: 'type admin', token: () => mint({ ...customerClaims(), type: 'admin' }) },
  { name: 'service token with sub of a customer', token: () => mint({ ...serviceClaims(1), sub: 'customer_1' }) },
  { name: 'service token without permissions', token: () => mint(without(serviceClaims(1), 'permissions')) },
  { name: 'service token with string allowed_store_ids', token: () => mint({ ...serviceClaims(1), allowed_store_ids: '1,2' }) },
  { name: 'two segments', token: async () => (await mint(customerClaims())).split('.').slice(0, 2).join('.') },
  { name: 'tampered payload', token: async () => { const [h, , s] = (await mint(customerClaims())).split('.'); return `${h}.${rawToken({}, { ...customerClaims(2), sub: 'customer_2' }).split('.')[1]}.${s}` } },
  { name: 'over 8 KiB', token: () => mint({ ...customerClaims(), padding: 'x'.repeat(9000) }) },
]

describe('the token verifier refuses hostile tokens with 401 invalid_token', () => {
  it.each(hostile)('$name', async ({ token }) => {
    const res = await refresh(bearer(await token()))
    expect(res.status).toBe(401)
    expect(res.headers.get('WWW-Authenticate')).toBe('Bearer realm="maho-api", error="invalid_token"')
    expect(await res.json()).toEqual(INVALID_TOKEN)
  })
})

describe('tokens minted by the shop itself', () => {
  it('accepts a customer token minted with the shop\'s secret and claims', async () => {
    const res = await refresh(bearer(await mint(customerClaims(1))))
    expect(res.status).toBe(200)
    expect(await res.json()).toMatchObject({ customer: { id: 1, email: 'customer@example.com' } })
  })

  it('accepts a token signed by hand with the shop\'s header and claims', async () => {
    const res = await refresh(bearer(await signRaw({ typ: 'JWT', alg: 'HS256' }, customerClaims(2, 'other@example.com'))))
    expect(res.status).toBe(200)
  })

  it('accepts a service token with allowed_store_ids', async () => {
    const principal = await authenticate(`Bearer ${await mint({ ...serviceClaims(2, 'catalog'), allowed_store_ids: [1] })}`, env, readConfig(env))
    expect(principal).toMatchObject({ type: 'api_user', apiUserId: 2, username: 'catalog', allowedStoreIds: [1] })
  })

  it('accepts a token issued after the subject\'s not-before stamp', async () => {
    await env.REVOKED.put('nbf:customer_2', String(nowSeconds() - 10))
    const principal = await authenticate(`Bearer ${await mint(customerClaims(2, 'other@example.com'))}`, env, readConfig(env))
    expect(principal).toMatchObject({ type: 'customer', customerId: 2, subject: 'customer_2' })
  })
})

describe('authenticate(authorization)', () => {
  const config = () => readConfig(env)

  it.each([null, undefined])('returns undefined without a header (%s)', async (header) => {
    expect(await authenticate(header, env, config())).toBeUndefined()
  })

  it('accepts the scheme in any case', async () => {
    const token = await mint(customerClaims(1))
    expect(await authenticate(`bEaReR ${token}`, env, config())).toMatchObject({ customerId: 1 })
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
    const error = await authenticate(header(await mint(customerClaims(1))), env, config()).catch((e: unknown) => e)
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
    expect(await authenticate(`Bearer ${token}`, env, readConfig(env))).toMatchObject({ customerId: 1 })
  })
})
