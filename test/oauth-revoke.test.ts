// RFC 7009 revocation at POST /auth/revoke, as a form or JSON.
import { env } from 'cloudflare:workers'
import { describe, expect, it } from 'vitest'
import { createCustomer } from './helpers/accounts'
import { ANSWERS } from './helpers/answers'
import { callWith, wrap } from './helpers/gateway-env'
import { call, freshIp, postJson } from './helpers/http'
import { inOneRateWindow } from './helpers/rate-window'
import { basic, CLIENT_SECRET, createClient, oauthError, postForm } from './helpers/oauth'
import { bearer, customerClaims, mint } from './helpers/tokens'

async function customerToken(): Promise<string> {
  const { email } = await createCustomer()
  const res = await postForm('/auth/token', { grant_type: 'password', username: email, password: 'password123' })
  return (await res.json<{ access_token: string }>()).access_token
}

async function clientToken(clientId: string): Promise<string> {
  const res = await postForm('/auth/token', 'grant_type=client_credentials', { Authorization: basic(clientId, CLIENT_SECRET) })
  return (await res.json<{ access_token: string }>()).access_token
}

const me = (token: string) => call('/customers/me', { headers: bearer(token) })
const tierPrices = (token: string) => call('/products/1/tier-prices', { headers: bearer(token) })

describe('POST /auth/revoke by a service client', () => {
  it('revokes its own token with Basic: that token gets 401, its other token still works', async () => {
    const { clientId } = await createClient()
    const [revoked, kept] = [await clientToken(clientId), await clientToken(clientId)]
    const res = await postForm('/auth/revoke', { token: revoked, token_type_hint: 'access_token' }, { Authorization: basic(clientId, CLIENT_SECRET) })
    expect(res.status).toBe(200)
    expect(await res.json()).toEqual({ success: true })
    expect((await tierPrices(revoked)).status).toBe(401)
    expect((await tierPrices(kept)).status).toBe(200)
  })

  it("revokes with the secret in a JSON body (the shop's dialect)", async () => {
    const { clientId } = await createClient()
    const token = await clientToken(clientId)
    const res = await postJson('/auth/revoke', { token, client_id: clientId, client_secret: CLIENT_SECRET })
    expect(res.status).toBe(200)
    expect((await tierPrices(token)).status).toBe(401)
  })

  it('answers 200 for a token that is already revoked, unknown, malformed, forged or expired', async () => {
    const first = await createClient()
    const token = await clientToken(first.clientId)
    const second = await createClient()
    const expired = await mint({ ...customerClaims(1), iat: 1_000_000, nbf: 1_000_000, exp: 1_003_600 })
    const CASES = [
      { clientId: first.clientId, named: token },
      { clientId: first.clientId, named: token },
      { clientId: second.clientId, named: 'not-a-token' },
      { clientId: second.clientId, named: `${token.slice(0, -4)}AAAA` },
      { clientId: second.clientId, named: expired },
    ]
    for (const { clientId, named } of CASES) {
      const res = await postForm('/auth/revoke', { token: named }, { Authorization: basic(clientId, CLIENT_SECRET) })
      expect(res.status).toBe(200)
      expect(await res.json()).toEqual({ success: true })
    }
    expect((await tierPrices(token)).status).toBe(401)
  })

  it('refuses to revoke a valid token of another account, which keeps working', async () => {
    const { clientId } = await createClient()
    const other = await customerToken()
    const res = await postForm('/auth/revoke', { token: other }, { Authorization: basic(clientId, CLIENT_SECRET) })
    expect(res.status).toBe(400)
    expect(await res.json()).toEqual(oauthError(ANSWERS.tokenNotOwned))
    expect((await me(other)).status).toBe(200)
  })
})

describe('POST /auth/revoke by a customer', () => {
  it('revokes the token presented as the Bearer; a second revocation still answers 200', async () => {
    const token = await customerToken()
    for (let i = 0; i < 2; i++) {
      const res = await postForm('/auth/revoke', { token }, bearer(token))
      expect(res.status).toBe(200)
    }
    expect((await me(token)).status).toBe(401)
  })

  it('revokes another token of the same customer with a live one, as JSON', async () => {
    const { email } = await createCustomer()
    const login = async () => (await (await postJson('/auth/token', { email, password: 'password123' })).json<{ token: string }>()).token
    const [keeper, other] = [await login(), await login()]
    const res = await postJson('/auth/revoke', { token: other }, { headers: bearer(keeper) })
    expect(res.status).toBe(200)
    expect((await me(other)).status).toBe(401)
    expect((await me(keeper)).status).toBe(200)
  })

  it("cannot revoke another customer's token", async () => {
    const [mine, theirs] = [await customerToken(), await customerToken()]
    const res = await postForm('/auth/revoke', { token: theirs }, bearer(mine))
    expect(res.status).toBe(400)
    expect((await me(theirs)).status).toBe(200)
  })
})

type Session = { access_token: string; refresh_token: string }

async function customerSession(): Promise<Session> {
  const { email } = await createCustomer()
  return (await postForm('/auth/token', { grant_type: 'password', username: email, password: 'password123' })).json<Session>()
}

const rotate = (refreshToken: string) => postForm('/auth/token', { grant_type: 'refresh_token', refresh_token: refreshToken })

async function expectEnded(session: Session) {
  const res = await rotate(session.refresh_token)
  expect(res.status).toBe(400)
  expect(await res.json()).toEqual(oauthError(ANSWERS.invalidGrant))
  expect((await me(session.access_token)).status).toBe(401)
}

describe('POST /auth/revoke of a refresh token: holding it is the credential (a public client has no other)', () => {
  const HINTS: { name: string; hint: Record<string, string> }[] = [
    { name: 'token_type_hint=refresh_token', hint: { token_type_hint: 'refresh_token' } },
    { name: 'no hint', hint: {} },
    { name: 'the wrong hint (access_token)', hint: { token_type_hint: 'access_token' } },
  ]

  it.each(HINTS)('$name, no client authentication: the family ends, the token is invalid_grant and its access token 401', async ({ hint }) => {
    const session = await customerSession()
    const res = await postForm('/auth/revoke', { token: session.refresh_token, ...hint })
    expect(res.status).toBe(200)
    expect(await res.json()).toEqual({ success: true })
    await expectEnded(session)
  })

  it("JSON, with the customer's Bearer beside it: same outcome", async () => {
    const session = await customerSession()
    const res = await postJson('/auth/revoke', { token: session.refresh_token }, { headers: bearer(session.access_token) })
    expect(res.status).toBe(200)
    await expectEnded(session)
  })

  it("a refresh token already rotated ends the family, the rotation's tokens with it", async () => {
    const first = await customerSession()
    const second = await (await rotate(first.refresh_token)).json<Session>()
    expect((await postForm('/auth/revoke', { token: first.refresh_token })).status).toBe(200)
    await expectEnded(second)
  })

  it("ends only that family: the customer's other session and another customer's go on", async () => {
    const { email } = await createCustomer()
    const login = () => postForm('/auth/token', { grant_type: 'password', username: email, password: 'password123' }).then((r) => r.json<Session>())
    const [ended, other] = [await login(), await login()]
    const stranger = await customerSession()
    expect((await postForm('/auth/revoke', { token: ended.refresh_token })).status).toBe(200)
    await expectEnded(ended)
    for (const kept of [other, stranger]) {
      expect((await me(kept.access_token)).status).toBe(200)
      expect((await rotate(kept.refresh_token)).status).toBe(200)
    }
  })

  it('answers 200 for a well-formed refresh token of no family (RFC 7009 §2.2), and a retry after a revocation too', async () => {
    const session = await customerSession()
    for (const token of [`ghr_${'A'.repeat(43)}`, session.refresh_token, session.refresh_token]) {
      const res = await postForm('/auth/revoke', { token, token_type_hint: 'refresh_token' })
      expect(res.status).toBe(200)
      expect(await res.json()).toEqual({ success: true })
    }
    await expectEnded(session)
  })

  it('counts refresh-token revocations (no client authentication) against the per-IP limit: the 11th is 429', () =>
    inOneRateWindow(async () => {
      const headers = { 'CF-Connecting-IP': freshIp() }
      for (let i = 0; i < 10; i++) expect((await postForm('/auth/revoke', { token: `ghr_${String(i).padStart(43, 'B')}` }, headers)).status).toBe(200)
      const refused = await postForm('/auth/revoke', { token: `ghr_${'C'.repeat(43)}` }, headers)
      expect(refused.status).toBe(429)
      expect(await refused.json()).toEqual(oauthError(ANSWERS.tooMany))
    }))
})

describe('POST /auth/revoke counts an authenticated client against that client', () => {
  it('an integration gets and revokes five tokens in a minute from one IP: every answer 200, every token ended', () =>
    inOneRateWindow(async () => {
      const { clientId } = await createClient()
      const headers = { 'CF-Connecting-IP': freshIp(), Authorization: basic(clientId, CLIENT_SECRET) }
      for (let pair = 0; pair < 5; pair++) {
        const got = await postForm('/auth/token', 'grant_type=client_credentials', headers)
        expect(got.status).toBe(200)
        const { access_token: token } = await got.json<{ access_token: string }>()
        expect((await postForm('/auth/revoke', { token }, headers)).status).toBe(200)
        expect((await tierPrices(token)).status).toBe(401)
      }
    }))

  it('asks the client limiter with the client id, before the secret is checked; over it, 429 and nothing revoked', async () => {
    const { clientId } = await createClient()
    const token = await clientToken(clientId)
    const keys: string[] = []
    const limiter = (success: boolean) =>
      ({
        limit: async ({ key }: { key: string }) => {
          keys.push(key)
          return { success }
        },
      }) as unknown as RateLimit
    const [counting, refusing] = [limiter(true), limiter(false)]
    const send = (limiter: RateLimit, secret: string) =>
      callWith({ RATE_LIMIT_CLIENT: limiter, RATE_LIMIT_IP: refusing, RATE_LIMIT_IDENTITY: refusing }, '/auth/revoke', {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded', Authorization: basic(clientId, secret) },
        body: new URLSearchParams({ token }),
      })

    const guessed = await send(refusing, 'a-guess')
    expect(guessed.status).toBe(429)
    expect(guessed.headers.get('RateLimit')).toBe('"client";r=0;t=60')
    expect(await guessed.json()).toEqual(oauthError(ANSWERS.tooMany))
    expect((await tierPrices(token)).status).toBe(200)

    expect((await send(counting, CLIENT_SECRET)).status).toBe(200)
    expect(keys).toEqual([`client:${clientId}`, `client:${clientId}`])
    expect((await tierPrices(token)).status).toBe(401)
  })
})

describe('POST /auth/revoke refusals', () => {
  const CASES = [
    {
      name: 'no authentication at all',
      send: async () => postForm('/auth/revoke', { token: await customerToken() }),
      status: 401,
      body: ANSWERS.clientAuthRequired,
      challenge: 'Basic realm="maho-api"',
    },
    {
      name: 'no authentication, a refresh_token hint on a token that is no refresh token',
      send: async () => postForm('/auth/revoke', { token: 'ghr_short', token_type_hint: 'refresh_token' }),
      status: 401,
      body: ANSWERS.clientAuthRequired,
      challenge: 'Basic realm="maho-api"',
    },
    {
      name: 'a wrong client secret by Basic',
      send: async () => postForm('/auth/revoke', { token: 'x' }, { Authorization: basic((await createClient()).clientId, 'wrong') }),
      status: 401,
      body: ANSWERS.invalidClient,
      challenge: 'Basic realm="maho-api"',
    },
    {
      name: 'a revoked Bearer revoking another token',
      send: async () => {
        const stale = await customerToken()
        await postForm('/auth/revoke', { token: stale }, bearer(stale))
        return postForm('/auth/revoke', { token: 'other' }, bearer(stale))
      },
      status: 401,
      body: ANSWERS.invalidToken,
    },
    {
      name: 'no token parameter',
      send: async () => postForm('/auth/revoke', 'token_type_hint=access_token', { Authorization: basic((await createClient()).clientId, CLIENT_SECRET) }),
      status: 400,
      body: ANSWERS.tokenMissing,
    },
    {
      name: 'token twice',
      send: async () => postForm('/auth/revoke', 'token=a&token=b', { Authorization: basic((await createClient()).clientId, CLIENT_SECRET) }),
      status: 400,
      body: ANSWERS.repeatedParameter,
    },
    {
      name: 'Basic without a colon',
      send: async () => postForm('/auth/revoke', 'token=a', { Authorization: `Basic ${btoa('maho_1')}` }),
      status: 400,
      body: ANSWERS.malformedBasic,
    },
    {
      name: 'Basic and a body secret',
      send: async () => {
        const { clientId } = await createClient()
        return postForm('/auth/revoke', { token: 'a', client_id: clientId, client_secret: CLIENT_SECRET }, { Authorization: basic(clientId, CLIENT_SECRET) })
      },
      status: 400,
      body: ANSWERS.twoClientAuths,
    },
    {
      name: 'a Bearer and a body secret',
      send: async () => {
        const { clientId } = await createClient()
        return postForm('/auth/revoke', { token: 'a', client_id: clientId, client_secret: CLIENT_SECRET }, bearer(await customerToken()))
      },
      status: 400,
      body: ANSWERS.twoClientAuths,
    },
    {
      name: 'text/plain',
      send: async () => call('/auth/revoke', { method: 'POST', headers: { 'Content-Type': 'text/plain' }, body: 'token=a' }),
      status: 415,
      body: ANSWERS.notJsonOrForm,
    },
    { name: 'a form over the size cap', send: async () => postForm('/auth/revoke', `token=${'a'.repeat(17 * 1024)}`), status: 413, body: ANSWERS.tooLarge },
  ]

  it.each(CASES)('$name → $status', async ({ send, status, body, challenge }) => {
    const res = await send()
    expect(res.status).toBe(status)
    expect(await res.json()).toEqual(oauthError(body))
    if (challenge) expect(res.headers.get('WWW-Authenticate')).toBe(challenge)
  })

  it('refuses GET with 405', async () => {
    const res = await call('/auth/revoke')
    expect(res.status).toBe(405)
    expect(res.headers.get('Allow')).toBe('POST')
  })
})

describe('POST /auth/revoke, revocations in parallel', () => {
  it('ten parallel revocations of one token all answer 200 and the token is refused after', async () => {
    const token = await customerToken()
    const statuses = await Promise.all(Array.from({ length: 10 }, () => postForm('/auth/revoke', { token }, bearer(token)).then((r) => r.status)))
    expect(statuses).toEqual(Array(10).fill(200))
    expect((await me(token)).status).toBe(401)
  })
})

describe('POST /auth/revoke with KV failing', () => {
  it('answers 503 when the revocation cannot be stored, and never claims it: the token still works after', async () => {
    const token = await customerToken()
    const failingWrites = wrap(env.REVOKED, { put: () => Promise.reject(new Error('injected KV failure')) })
    const res = await callWith({ REVOKED: failingWrites }, '/auth/revoke', {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', ...bearer(token) },
      body: new URLSearchParams({ token }).toString(),
    })
    expect(res.status).toBe(503)
    expect(await res.json()).toEqual(oauthError(ANSWERS.unavailable))
    expect((await me(token)).status).toBe(200)
  })
})
