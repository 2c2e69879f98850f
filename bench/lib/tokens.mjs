// Customer tokens exactly as the shop (and gatehouse) issue them (docs/security.md, "Tokens"),
// signed with the local demo secret from .dev.vars, plus a forged one signed with another secret.
import { randomBytes } from 'node:crypto'
import { SignJWT } from 'jose'

/** The local demo secret, issuer and audience (.dev.vars, wrangler.toml): what the benches sign with. */
export const DEMO_JWT = { secret: 'local-demo-secret-do-not-use-in-production-0123456789', issuer: 'http://shop.localhost/', audience: 'maho-api' }

export function customerClaims(customerId) {
  return {
    sub: `customer_${customerId}`,
    customer_id: customerId,
    email: `bench${customerId}@example.com`,
    type: 'customer',
    roles: ['ROLE_CUSTOMER'],
  }
}

/** Signs `claims` with the shop's claims rules (iss, aud, jti, iat = nbf = now, exp = now + ttl). */
function signClaims(claims, { secret, issuer, audience, ttl = 3600 }) {
  const now = Math.floor(Date.now() / 1000)
  return new SignJWT(claims)
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setIssuer(issuer)
    .setAudience(audience)
    .setJti(randomBytes(16).toString('hex'))
    .setIssuedAt(now)
    .setNotBefore(now)
    .setExpirationTime(now + ttl)
    .sign(new TextEncoder().encode(secret))
}

/** Signs one customer token valid for `ttl` seconds. */
export function mintCustomerToken({ customerId, ...config }) {
  return signClaims(customerClaims(customerId), config)
}

/**
 * `count` distinct valid tokens, each for its own customer subject, so both KV keys of every
 * revocation lookup (`jti:` and `nbf:`) are new to any in-isolate cache.
 */
export async function mintDistinctTokens({ firstId = 100_000, ...config }, count) {
  const tokens = new Array(count)
  for (let i = 0; i < count; i++) tokens[i] = await mintCustomerToken({ ...config, customerId: firstId + i })
  return tokens
}

/** A well-formed token with the right claims, signed with the wrong secret. */
export function forgeToken(config) {
  return mintCustomerToken({ ...config, secret: 'forged-secret-forged-secret-forged-secret-0123', customerId: 1 })
}

/** A service-account token holding `all` (the demo admin), for the purge. */
export function mintServiceToken(config) {
  return signClaims({ sub: 'api_user_1', api_user_id: 1, username: 'admin', type: 'api_user', roles: [], permissions: ['all'] }, config)
}
