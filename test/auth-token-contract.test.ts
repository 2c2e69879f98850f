// The shop's token contract, both release lines (docs/credentials.md "Tokens"): NumericDates with
// fractions compared exactly with zero leeway, and JWT_ISSUER / JWT_AUDIENCE as lists.
import { describe, expect, it } from 'vitest'
import { ANSWERS } from './helpers/answers'
import { callWith } from './helpers/gateway-env'
import { call, postJson } from './helpers/http'
import { bearer, customerClaims, mint, randomJti } from './helpers/tokens'

const exactNow = () => Date.now() / 1000

async function expectRefused(res: Response) {
  expect(res.status).toBe(401)
  expect(await res.json()).toEqual(ANSWERS.invalidToken)
}

describe('NumericDates with fractions, zero leeway', () => {
  it('accepts a token in its first microseconds (nbf and iat a fraction before now)', async () => {
    const now = exactNow()
    const res = await call('/customers/me', {
      headers: bearer(await mint({ ...customerClaims(), iat: now - 0.0001, nbf: now - 0.0001, exp: now + 3599.9999 })),
    })
    expect(res.status).toBe(200)
  })

  it('refuses a token whose fractional exp has just passed, within the current second', async () => {
    const now = exactNow()
    await expectRefused(
      await call('/customers/me', { headers: bearer(await mint({ ...customerClaims(), iat: now - 60.5, nbf: now - 60.5, exp: now - 0.001 })) }),
    )
  })

  it('refuses a token whose fractional nbf or iat lies ahead', async () => {
    const now = exactNow()
    await expectRefused(await call('/customers/me', { headers: bearer(await mint({ ...customerClaims(), iat: now - 1, nbf: now + 5.5, exp: now + 3000 })) }))
    await expectRefused(await call('/customers/me', { headers: bearer(await mint({ ...customerClaims(), iat: now + 5.5, nbf: now - 1, exp: now + 3000 })) }))
  })

  it("accepts the shop's exact lifetime despite floating-point error, refuses a longer one", async () => {
    const iat = Math.floor(exactNow()) - 1 + 0.123456
    expect((await call('/customers/me', { headers: bearer(await mint({ ...customerClaims(), iat, nbf: iat, exp: iat + 3600 })) })).status).toBe(200)
    await expectRefused(await call('/customers/me', { headers: bearer(await mint({ ...customerClaims(), iat, nbf: iat, exp: iat + 3600.01 })) }))
  })
})

describe('JWT_ISSUER and JWT_AUDIENCE as lists', () => {
  // The 26.7 line: base URL with a slash and `maho-api`; the newer line: the origin, and every store root.
  const BOTH_LINES = {
    JWT_ISSUER: 'http://shop.localhost/,http://shop.localhost',
    JWT_AUDIENCE: 'maho-api,http://shop.localhost,http://de.shop.localhost',
  }
  const at = (claims: Record<string, unknown>) => mint({ ...customerClaims(), jti: randomJti(), ...claims })

  const ACCEPTED = [
    { name: '26.7 line: base URL with slash, maho-api', iss: 'http://shop.localhost/', aud: 'maho-api' },
    { name: 'newer line: origin, store root', iss: 'http://shop.localhost', aud: 'http://shop.localhost' },
    { name: 'newer line: origin, another store root', iss: 'http://shop.localhost', aud: 'http://de.shop.localhost' },
  ]
  // Through /auth/refresh, which gatehouse answers itself (the demo shop checks tokens of its own line only).
  const refresh = async (claims: Record<string, unknown>) => callWith(BOTH_LINES, '/auth/refresh', { method: 'POST', headers: bearer(await at(claims)) })

  it.each(ACCEPTED)('accepts $name', async ({ iss, aud }) => {
    expect((await refresh({ iss, aud })).status).toBe(200)
  })

  const REFUSED = [
    { name: 'an issuer not listed', iss: 'http://evil.localhost', aud: 'maho-api' },
    { name: 'an audience not listed', iss: 'http://shop.localhost', aud: 'http://fr.shop.localhost' },
    { name: 'the origin with a path', iss: 'http://shop.localhost/shop', aud: 'maho-api' },
    { name: 'audiences as an array of listed values', iss: 'http://shop.localhost/', aud: ['maho-api', 'http://shop.localhost'] },
  ]
  it.each(REFUSED)('refuses $name', async ({ iss, aud }) => {
    await expectRefused(await refresh({ iss, aud }))
  })

  it('signs with the first issuer and audience', async () => {
    const res = await callWith({ JWT_ISSUER: 'http://shop.localhost,http://shop.localhost/', JWT_AUDIENCE: 'http://shop.localhost,maho-api' }, '/auth/token', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ grant_type: 'client_credentials', client_id: 'maho_00000000000000000000000000000002', client_secret: 'demo-catalog-secret' }),
    })
    expect(res.status).toBe(200)
    const { token } = await res.json<{ token: string }>()
    const claims = JSON.parse(atob(token.split('.')[1]!.replace(/-/g, '+').replace(/_/g, '/'))) as Record<string, unknown>
    expect(claims).toMatchObject({ iss: 'http://shop.localhost', aud: 'http://shop.localhost' })
  })

  it('the local demo config keeps the 26.7 line only', async () => {
    const res = await postJson('/auth/token', { grant_type: 'api_user', username: 'catalog', api_key: 'demo-catalog-key' })
    const { token } = await res.json<{ token: string }>()
    await expectRefused(await call('/products', { headers: bearer(await at({ iss: 'http://shop.localhost', aud: 'maho-api' })) }))
    expect((await call('/products', { headers: bearer(token) })).status).toBe(200)
  })
})
