// RFC 7662 introspection at POST /auth/introspect, for service accounts holding tokens/read.
import { describe, expect, it } from 'vitest'
import { createCustomer } from './helpers/accounts'
import { ANSWERS } from './helpers/answers'
import { call, postJson } from './helpers/http'
import { basic, CLIENT_SECRET, createClient, oauthError, postForm } from './helpers/oauth'
import { bearer, customerClaims, mint, serviceClaims } from './helpers/tokens'

async function customerLogin() {
  const { id, email } = await createCustomer()
  const res = await postJson('/auth/token', { email, password: 'password123' })
  return { id, email, token: (await res.json<{ token: string }>()).token }
}

async function introspector(permissions = ['tokens/read']) {
  const client = await createClient(permissions)
  return { ...client, auth: { Authorization: basic(client.clientId, CLIENT_SECRET) } }
}

describe('POST /auth/introspect', () => {
  it('describes an active customer token to a client holding tokens/read (Basic, form)', async () => {
    const { auth } = await introspector()
    const { id, email, token } = await customerLogin()
    const res = await postForm('/auth/introspect', { token }, auth)
    expect(res.status).toBe(200)
    expect(res.headers.get('Cache-Control')).toBe('no-store')
    const body = await res.json<Record<string, number>>()
    expect(body).toEqual({
      active: true,
      sub: `customer_${id}`,
      exp: body.iat! + 3600,
      iat: expect.any(Number),
      jti: expect.stringMatching(/^[0-9a-f]{32}$/),
      token_type: 'Bearer',
      type: 'customer',
      username: email,
      customer_id: id,
    })
  })

  it('describes a service token with client_id, permissions and scope (client_secret_post, JSON)', async () => {
    const { clientId, auth: _ } = await introspector(['tokens/all'])
    const target = await createClient(['products/read', 'orders/read'])
    const issued = await postForm('/auth/token', 'grant_type=client_credentials', { Authorization: basic(target.clientId, CLIENT_SECRET) })
    const { access_token: token } = await issued.json<{ access_token: string }>()
    const res = await postJson('/auth/introspect', { token, client_id: clientId, client_secret: CLIENT_SECRET })
    expect(res.status).toBe(200)
    expect(await res.json()).toMatchObject({
      active: true,
      sub: `api_user_${target.id}`,
      token_type: 'Bearer',
      type: 'api_user',
      client_id: target.clientId,
      api_user_id: target.id,
      permissions: ['products/read', 'orders/read'],
      scope: 'products/read orders/read',
    })
  })

  it('accepts a service Bearer token holding `all` as the caller', async () => {
    const { token } = await customerLogin()
    const res = await postForm('/auth/introspect', { token }, bearer(await mint(serviceClaims(1, 'admin', ['all']))))
    expect(res.status).toBe(200)
    expect(await res.json()).toMatchObject({ active: true, type: 'customer' })
  })

  it('answers {"active": false} and nothing else for revoked, expired, forged and unknown tokens', async () => {
    const { auth } = await introspector()
    const revoked = await customerLogin()
    expect((await postForm('/auth/revoke', { token: revoked.token }, bearer(revoked.token))).status).toBe(200)
    const expired = await mint({ ...customerClaims(1), iat: 1_000_000, nbf: 1_000_000, exp: 1_003_600 })
    const forged = await mint(customerClaims(1), { key: new TextEncoder().encode('another-secret-of-at-least-32-characters!') })
    for (const token of [revoked.token, expired, forged, 'garbage', 'a.b.c']) {
      const res = await postForm('/auth/introspect', { token }, auth)
      expect(res.status).toBe(200)
      expect(await res.json()).toEqual({ active: false })
    }
  })
})

describe('POST /auth/introspect tells an unauthorised caller nothing', () => {
  const CASES = [
    { name: 'no authentication', headers: async () => ({}), status: 401, body: ANSWERS.clientAuthRequired },
    {
      name: 'a wrong client secret (Basic)',
      headers: async () => ({ Authorization: basic((await createClient(['all'])).clientId, 'wrong') }),
      status: 401,
      body: ANSWERS.invalidClient,
    },
    { name: 'a bad Bearer token', headers: async () => bearer('not-a-jwt'), status: 401, body: ANSWERS.invalidToken },
    { name: 'a customer token', headers: async () => bearer(await mint(customerClaims(1))), status: 403, body: ANSWERS.forbidden },
    {
      name: 'a client without tokens/read',
      headers: async () => ({ Authorization: basic((await createClient(['products/all', 'tokens/write'])).clientId, CLIENT_SECRET) }),
      status: 403,
      body: ANSWERS.forbidden,
    },
    {
      name: 'a service token without tokens/read',
      headers: async () => bearer(await mint(serviceClaims(2, 'catalog', ['products/all']))),
      status: 403,
      body: ANSWERS.forbidden,
    },
  ]

  it.each(CASES)('$name → $status, the same for an active and an unknown token', async ({ headers, status, body }) => {
    const { token } = await customerLogin()
    for (const named of [token, 'unknown']) {
      const res = await postForm('/auth/introspect', { token: named }, await headers())
      expect(res.status).toBe(status)
      expect(await res.json()).toEqual(oauthError(body))
    }
  })

  it('refuses a missing token parameter, after authentication', async () => {
    const { auth } = await introspector()
    const res = await postForm('/auth/introspect', 'token_type_hint=access_token', auth)
    expect(res.status).toBe(400)
    expect(await res.json()).toEqual(oauthError(ANSWERS.tokenMissing))
  })

  it('refuses GET with 405', async () => {
    expect((await call('/auth/introspect')).status).toBe(405)
  })
})
