// Mints and checks tokens with jose directly, independently of the code under test, using the
// demo secret and claims the shop itself would use.
import { env } from 'cloudflare:workers'
import { SignJWT, jwtVerify, type JWTPayload } from 'jose'

export const ISSUER = 'http://shop.localhost/'
export const AUDIENCE = 'maho-api'
const encoder = new TextEncoder()

export function secret(): Uint8Array {
  return encoder.encode(env.JWT_SECRET!)
}

export const nowSeconds = () => Math.floor(Date.now() / 1000)

export function randomJti(): string {
  return [...crypto.getRandomValues(new Uint8Array(16))].map((b) => b.toString(16).padStart(2, '0')).join('')
}

/** The claims the shop puts in a customer token, valid now for an hour. */
export function customerClaims(id = 1, email = 'customer@example.com'): JWTPayload {
  const iat = nowSeconds()
  return {
    iss: ISSUER,
    aud: AUDIENCE,
    jti: randomJti(),
    sub: `customer_${id}`,
    customer_id: id,
    email,
    type: 'customer',
    roles: ['ROLE_CUSTOMER'],
    iat,
    nbf: iat,
    exp: iat + 3600,
  }
}

/** The claims the shop puts in a service token. */
export function serviceClaims(id = 1, username = 'admin', permissions = ['all']): JWTPayload {
  const iat = nowSeconds()
  return {
    iss: ISSUER,
    aud: AUDIENCE,
    jti: randomJti(),
    sub: `api_user_${id}`,
    api_user_id: id,
    username,
    type: 'api_user',
    roles: [],
    permissions,
    iat,
    nbf: iat,
    exp: iat + 3600,
  }
}

/** Signs claims as given (no defaults added), HS256 with the demo secret unless told otherwise. */
export function mint(claims: JWTPayload, options: { key?: Uint8Array; header?: Record<string, unknown> } = {}): Promise<string> {
  return new SignJWT(claims).setProtectedHeader({ alg: 'HS256', typ: 'JWT', ...options.header }).sign(options.key ?? secret())
}

/** A token with an arbitrary header and a garbage signature, for headers jose would refuse to sign. */
export function rawToken(header: Record<string, unknown>, claims: JWTPayload, signature = ''): string {
  const part = (v: unknown) => btoa(JSON.stringify(v)).replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_')
  return `${part(header)}.${part(claims)}.${signature}`
}

/** Verifies a token the gateway issued, with jose and the demo secret, and returns its claims. */
export async function verifyIssued(token: string) {
  const { payload, protectedHeader } = await jwtVerify(token, secret(), {
    algorithms: ['HS256'],
    issuer: ISSUER,
    audience: AUDIENCE,
  })
  return { payload, protectedHeader }
}

export const bearer = (token: string) => ({ Authorization: `Bearer ${token}` })

/** Signs any header (even ones jose refuses to produce, such as `crit`) with HMAC-SHA256 and the demo secret (or `keyBytes`). */
export async function signRaw(header: Record<string, unknown>, claims: JWTPayload, keyBytes: Uint8Array = secret()): Promise<string> {
  const input = rawToken(header, claims).slice(0, -1)
  const key = await crypto.subtle.importKey('raw', keyBytes, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign'])
  const mac = new Uint8Array(await crypto.subtle.sign('HMAC', key, encoder.encode(input)))
  const signature = btoa(String.fromCharCode(...mac))
    .replace(/=+$/, '')
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
  return `${input}.${signature}`
}
