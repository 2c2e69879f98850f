// A Bearer on /api/graphql and /api/mcp is checked exactly as on REST: a bad or revoked one is
// refused at the edge with the 401 the shop's one authenticator answers on every door, and never
// reaches the shop.
import { describe, expect, it } from 'vitest'
import { createCustomer } from '../helpers/accounts'
import { ANSWERS } from '../helpers/answers'
import { mcpServerClaims, postDoor, type DoorName } from '../helpers/doors'
import { call, postJson } from '../helpers/http'
import { newProbe, originHits, PROBE_HEADER } from '../helpers/origin'
import { login } from '../helpers/sessions'
import { bearer, customerClaims, mint, nowSeconds, rawToken } from '../helpers/tokens'

const RESOURCE_METADATA = 'http://shop.localhost/.well-known/oauth-protected-resource'
const BAD_TOKEN_CHALLENGE = `Bearer realm="maho-api", error="invalid_token", resource_metadata="${RESOURCE_METADATA}"`

let everywhereSubject = 1000

async function loggedOut(token: string, body?: object): Promise<string> {
  const res = body ? await postJson('/auth/logout', body, { headers: bearer(token) }) : await call('/auth/logout', { method: 'POST', headers: bearer(token) })
  expect(res.status).toBe(200)
  return token
}

const rows: { name: string; authorization: () => Promise<string> }[] = [
  {
    name: 'a forged signature',
    authorization: async () => `Bearer ${await mint(customerClaims(1), { key: new TextEncoder().encode('another-secret-that-is-long-enough-0123456789') })}`,
  },
  {
    name: 'an expired token',
    authorization: async () => `Bearer ${await mint({ ...customerClaims(1), iat: nowSeconds() - 7200, nbf: nowSeconds() - 7200, exp: nowSeconds() - 3600 })}`,
  },
  { name: 'a token not valid yet', authorization: async () => `Bearer ${await mint({ ...customerClaims(1), nbf: nowSeconds() + 600 })}` },
  { name: 'another issuer', authorization: async () => `Bearer ${await mint({ ...customerClaims(1), iss: 'https://evil.example/' })}` },
  { name: 'another audience', authorization: async () => `Bearer ${await mint({ ...customerClaims(1), aud: 'other-api' })}` },
  { name: 'alg none', authorization: async () => `Bearer ${rawToken({ alg: 'none', typ: 'JWT' }, customerClaims(1))}` },
  { name: 'a Basic header', authorization: async () => 'Basic dXNlcjpwYXNz' },
  { name: 'two tokens', authorization: async () => `Bearer ${await mint(customerClaims(1))} x` },
  { name: 'an opaque token (SHOP_OAUTH_SERVER off)', authorization: async () => 'Bearer 3f2a9c0d5e6b7a8190a1b2c3d4e5f607' },
  { name: "a token of the shop's OAuth server (SHOP_OAUTH_SERVER off)", authorization: async () => `Bearer ${await mint(mcpServerClaims())}` },
  { name: 'a token logged out at the edge', authorization: async () => `Bearer ${await loggedOut(await mint(customerClaims(1)))}` },
  {
    name: 'a token of a subject logged out everywhere',
    authorization: async () => {
      // A subject of its own per run: the stamp refuses every token of its subject minted in its second.
      everywhereSubject += 1
      const id = everywhereSubject
      const earlier = await mint(customerClaims(id, `c${id}@example.com`))
      await loggedOut(await mint(customerClaims(id, `c${id}@example.com`)), { everywhere: true })
      return `Bearer ${earlier}`
    },
  },
  {
    name: 'a token revoked through RFC 7009',
    authorization: async () => {
      const token = await mint(customerClaims(1))
      const res = await call('/auth/revoke', {
        method: 'POST',
        headers: { ...bearer(token), 'Content-Type': 'application/x-www-form-urlencoded' },
        body: `token=${token}`,
      })
      expect(res.status).toBe(200)
      return `Bearer ${token}`
    },
  },
]

describe.each<DoorName>(['graphql', 'mcp'])('/api/%s refuses at the edge', (door) => {
  for (const row of rows) {
    it(`${row.name}: 401 invalid token, never at the shop`, async () => {
      const probe = newProbe()
      const res = await postDoor(door, { Authorization: await row.authorization(), [PROBE_HEADER]: probe })
      expect(res.status).toBe(401)
      expect(await res.json()).toEqual(ANSWERS.invalidToken)
      expect(res.headers.get('WWW-Authenticate')).toBe(BAD_TOKEN_CHALLENGE)
      expect(res.headers.get('Cache-Control')).toBe('no-store')
      expect(await originHits(probe)).toBe(0)
    })
  }
})

describe('a logout holds on every door at once', () => {
  it('the same token, refused on REST, GraphQL and MCP after one logout, in parallel', async () => {
    const token = await mint(customerClaims(1))
    expect((await postDoor('graphql', bearer(token))).status).toBe(200)
    await loggedOut(token)
    const answers = await Promise.all([call('/customers/me', { headers: bearer(token) }), postDoor('graphql', bearer(token)), postDoor('mcp', bearer(token))])
    expect(answers.map((res) => res.status)).toEqual([401, 401, 401])
  })
})

describe('every edge revocation holds on the doors, not only logout', () => {
  it("a password change through the gateway: the customer's other token is refused on both doors, the one that made it is kept", async () => {
    const { id, email } = await createCustomer()
    const other = await mint(customerClaims(id, email))
    const changer = await mint(customerClaims(id, email))
    const res = await postJson('/customers/me/password', { currentPassword: 'password123', newPassword: 'a-new-password-456' }, { headers: bearer(changer) })
    expect(res.status).toBe(200)
    expect([(await postDoor('graphql', bearer(other))).status, (await postDoor('mcp', bearer(other))).status]).toEqual([401, 401])
    expect([(await postDoor('graphql', bearer(changer))).status, (await postDoor('mcp', bearer(changer))).status]).toEqual([200, 200])
  })

  it('the end of a refresh family (RFC 7009 on its refresh token): its access token is refused on both doors', async () => {
    const { email } = await createCustomer()
    const session = await login(email)
    expect((await postDoor('mcp', bearer(session.token))).status).toBe(200)
    const res = await call('/auth/revoke', {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: `token=${session.refreshToken}`,
    })
    expect(res.status).toBe(200)
    expect([(await postDoor('graphql', bearer(session.token))).status, (await postDoor('mcp', bearer(session.token))).status]).toEqual([401, 401])
  })
})
