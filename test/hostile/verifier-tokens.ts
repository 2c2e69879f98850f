// The verifier's hostile token table, shared by test/auth-verify.test.ts (which asserts each is
// refused with 401 invalid_token) and test/auth-logs.test.ts (which checks none leaks into a log).
import type { JWTPayload } from 'jose'
import { customerClaims, mint, nowSeconds, rawToken, serviceClaims, signRaw } from '../helpers/tokens'

const otherSecret = new TextEncoder().encode('another-secret-that-is-long-enough-0123456789')

function without(claims: JWTPayload, name: string): JWTPayload {
  const copy = { ...claims }
  delete copy[name]
  return copy
}

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'

/**
 * The same token spelled another way: part `index`'s last character with an unused bit set, so a
 * lenient decoder reads the very same bytes (test/hostile/respelled.test.ts checks that it does).
 */
export function respelled(token: string, index: number): string {
  const parts = token.split('.')
  const part = parts[index]!
  if (part.length % 4 === 0) throw new Error(`part ${index} has no unused bits (length ${part.length})`)
  parts[index] = part.slice(0, -1) + ALPHABET[ALPHABET.indexOf(part.at(-1)!) ^ 1]
  return parts.join('.')
}

/** A valid customer token whose payload's length leaves unused bits in its last character. */
export async function tokenWithUnusedPayloadBits(): Promise<string> {
  for (let pad = 0; ; pad++) {
    const token = await mint({ ...customerClaims(), note: 'x'.repeat(pad) })
    if (token.split('.')[1]!.length % 4 !== 0) return token
  }
}

export const verifierTokens: { name: string; token: () => Promise<string> | string }[] = [
  {
    name: 'expired',
    token: () => {
      const c = customerClaims()
      return mint({ ...c, exp: nowSeconds() - 1 })
    },
  },
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
  {
    name: 'tampered payload',
    token: async () => {
      const [h, , s] = (await mint(customerClaims())).split('.')
      return `${h}.${rawToken({}, { ...customerClaims(2), sub: 'customer_2' }).split('.')[1]}.${s}`
    },
  },
  { name: 'signature spelled with unused bits set', token: async () => respelled(await mint(customerClaims()), 2) },
  { name: 'payload spelled with unused bits set', token: async () => respelled(await tokenWithUnusedPayloadBits(), 1) },
  { name: 'over 8 KiB', token: () => mint({ ...customerClaims(), padding: 'x'.repeat(9000) }) },
]
