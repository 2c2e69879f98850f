// A token must not live longer than TOKEN_TTL. The shop issues one lifetime for every grant
// (its TOKEN_TTL), so a longer-lived token was minted by something else holding the secret, or
// with a broken clock. It also outlives the revocation model: a logout-everywhere stamp is kept in
// KV for one day, so a token with a ten-year exp came back to life a day after its owner had
// logged out everywhere. The verifier refuses such tokens, and TOKEN_TTL cannot exceed the stamp.
import { env } from 'cloudflare:workers'
import { describe, expect, it } from 'vitest'
import { readConfig } from '../src/config/config'
import { call } from './helpers/http'
import { bearer, customerClaims, mint, nowSeconds, serviceClaims } from './helpers/tokens'
import { ANSWERS } from './helpers/answers'

const TTL = 3600 // wrangler.toml's TOKEN_TTL

describe('token lifetime beyond TOKEN_TTL', () => {
  const CASES = [
    { name: 'customer token, TTL + 1 s', claims: () => ({ ...customerClaims(), exp: nowSeconds() + TTL + 1 }) },
    { name: 'customer token, ten years', claims: () => ({ ...customerClaims(), exp: nowSeconds() + 10 * 365 * 86400 }) },
    { name: 'service token, one day', claims: () => ({ ...serviceClaims(), exp: nowSeconds() + 86400 }) },
    {
      name: 'iat an hour back, exp an hour ahead',
      claims: () => ({ ...customerClaims(), iat: nowSeconds() - 3600, nbf: nowSeconds() - 3600, exp: nowSeconds() + 3600 }),
    },
  ]

  it.each(CASES)('$name is refused on a public route (401 invalid_token)', async ({ claims }) => {
    const res = await call('/products', { headers: bearer(await mint(claims())) })
    expect(res.status).toBe(401)
    expect(res.headers.get('WWW-Authenticate')).toBe(
      'Bearer realm="maho-api", error="invalid_token", resource_metadata="http://shop.localhost/.well-known/oauth-protected-resource"',
    )
    expect(await res.json()).toEqual(ANSWERS.invalidToken)
  })

  it('a token of exactly TOKEN_TTL is still accepted', async () => {
    const res = await call('/customers/me', { headers: bearer(await mint({ ...customerClaims(), exp: nowSeconds() + TTL })) })
    expect(res.status).toBe(200)
  })

  it('TOKEN_TTL above one day (the lifetime of a logout-everywhere stamp) is a config error', () => {
    expect(() => readConfig({ ...env, TOKEN_TTL: '86401' })).toThrow('TOKEN_TTL must be at most 86400')
    expect(readConfig({ ...env, TOKEN_TTL: '86400' }).jwt.ttlSeconds).toBe(86400)
  })
})
