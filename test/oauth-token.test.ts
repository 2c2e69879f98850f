// The token endpoint in both dialects: the shop's JSON and standard OAuth 2.0 (forms, HTTP Basic).
import { describe, expect, it } from 'vitest'
import { createCustomer } from './helpers/accounts'
import { ANSWERS } from './helpers/answers'
import { call, postJson } from './helpers/http'
import { basic, CLIENT_SECRET, createClient, oauthError, postForm } from './helpers/oauth'
import { bearer, verifyIssued } from './helpers/tokens'

type Answer = Record<string, unknown> & { token: string }

function expectBothDialects(body: Answer) {
  expect(body).toMatchObject({ tokenType: 'Bearer', expiresIn: 3600, access_token: body.token, token_type: 'Bearer', expires_in: 3600 })
}

// A customer's token answer: both dialects, a refresh token in both spellings, and an access token that works through the gateway.
async function expectCustomerAnswer(res: Response, customer: { id: number; email: string }): Promise<Answer> {
  expect(res.status).toBe(200)
  expect(res.headers.get('Cache-Control')).toBe('no-store')
  const body = await res.json<Answer>()
  expect(body).toEqual({
    token: expect.any(String),
    tokenType: 'Bearer',
    expiresIn: 3600,
    access_token: body.token,
    token_type: 'Bearer',
    expires_in: 3600,
    refreshToken: expect.stringMatching(/^ghr_[A-Za-z0-9_-]{43}$/),
    refresh_token: body.refreshToken,
    customer: { ...customer, firstName: 'Test', lastName: 'User' },
  })
  expect((await call('/customers/me', { headers: bearer(body.access_token as string) })).status).toBe(200)
  return body
}

describe('POST /auth/token, customer grant in both dialects', () => {
  const DIALECTS = [
    { name: 'shop JSON, email', send: (email: string) => postJson('/auth/token', { email, password: 'password123' }) },
    {
      name: 'JSON, grant_type password + username',
      send: (email: string) => postJson('/auth/token', { grant_type: 'password', username: email, password: 'password123' }),
    },
    {
      name: 'form, grant_type=password + username',
      send: (email: string) => postForm('/auth/token', { grant_type: 'password', username: email, password: 'password123' }),
    },
    {
      name: 'form with charset=UTF-8',
      send: (email: string) =>
        call('/auth/token', {
          method: 'POST',
          headers: { 'Content-Type': 'application/x-www-form-urlencoded; charset=UTF-8' },
          body: `grant_type=password&username=${encodeURIComponent(email)}&password=password123`,
        }),
    },
  ]

  it.each(DIALECTS)("$name: the shop's fields and RFC 6749's, and a token that works through the gateway", async ({ send }) => {
    const { id, email } = await createCustomer()
    const body = await expectCustomerAnswer(await send(email), { id, email })
    expect((await verifyIssued(body.token)).payload).toMatchObject({ sub: `customer_${id}`, type: 'customer' })
  })
})

describe('POST /auth/token, grant_type=refresh_token in both dialects (RFC 6749 §6)', () => {
  const DIALECTS = [
    { name: 'form', send: (refreshToken: string) => postForm('/auth/token', { grant_type: 'refresh_token', refresh_token: refreshToken }) },
    { name: 'JSON', send: (refreshToken: string) => postJson('/auth/token', { grant_type: 'refresh_token', refresh_token: refreshToken }) },
  ]

  it.each(DIALECTS)("$name: a new access token and a new refresh token, in the shop's fields and RFC 6749's", async ({ send }) => {
    const { id, email } = await createCustomer()
    const login = await postForm('/auth/token', { grant_type: 'password', username: email, password: 'password123' })
    const first = await login.json<Answer>()
    const body = await expectCustomerAnswer(await send(first.refresh_token as string), { id, email })
    expect(body.refresh_token).not.toBe(first.refresh_token)
  })

  const REFUSALS = [
    {
      name: 'form without refresh_token',
      send: () => postForm('/auth/token', 'grant_type=refresh_token'),
      status: 400,
      body: oauthError(ANSWERS.noRefreshToken),
    },
    {
      name: 'form with an unknown refresh token',
      send: () => postForm('/auth/token', { grant_type: 'refresh_token', refresh_token: `ghr_${'A'.repeat(43)}` }),
      status: 400,
      body: oauthError(ANSWERS.invalidGrant),
    },
    {
      name: 'form with an access token as refresh_token',
      send: async () => postForm('/auth/token', { grant_type: 'refresh_token', refresh_token: await customerAccessToken() }),
      status: 400,
      body: oauthError(ANSWERS.invalidGrant),
    },
  ]

  it.each(REFUSALS)('refuses $name: $status', async ({ send, status, body }) => {
    const res = await send()
    expect(res.status).toBe(status)
    expect(await res.json()).toEqual(body)
  })
})

async function customerAccessToken(): Promise<string> {
  const { email } = await createCustomer()
  return (await (await postJson('/auth/token', { email, password: 'password123' })).json<Answer>()).token
}

describe('POST /auth/token, client_credentials in both dialects', () => {
  const DIALECTS = [
    {
      name: 'shop JSON',
      send: (clientId: string) => postJson('/auth/token', { grant_type: 'client_credentials', client_id: clientId, client_secret: CLIENT_SECRET }),
    },
    {
      name: 'form, client_secret_post',
      send: (clientId: string) => postForm('/auth/token', { grant_type: 'client_credentials', client_id: clientId, client_secret: CLIENT_SECRET }),
    },
    {
      name: 'form, client_secret_basic',
      send: (clientId: string) => postForm('/auth/token', 'grant_type=client_credentials', { Authorization: basic(clientId, CLIENT_SECRET) }),
    },
    {
      name: 'form, Basic with the same client_id in the body',
      send: (clientId: string) =>
        postForm('/auth/token', { grant_type: 'client_credentials', client_id: clientId }, { Authorization: basic(clientId, CLIENT_SECRET) }),
    },
    {
      name: 'JSON, client_secret_basic',
      send: (clientId: string) => postJson('/auth/token', { grant_type: 'client_credentials' }, { headers: { Authorization: basic(clientId, CLIENT_SECRET) } }),
    },
    {
      name: 'form, Basic with every character form-encoded',
      send: (clientId: string) =>
        postForm('/auth/token', 'grant_type=client_credentials', {
          Authorization: `Basic ${btoa(`${[...clientId].map((ch) => `%${ch.charCodeAt(0).toString(16)}`).join('')}:${CLIENT_SECRET.replace(/-/g, '%2D')}`)}`,
        }),
    },
  ]

  it.each(DIALECTS)('$name: both field sets and a token that works through the gateway', async ({ send }) => {
    const { id, clientId } = await createClient(['products/all'])
    const res = await send(clientId)
    expect(res.status).toBe(200)
    const body = await res.json<Answer>()
    expectBothDialects(body)
    expect(body).toMatchObject({ apiUser: { id }, permissions: ['products/all'] })
    expect((await call('/products/1/tier-prices', { headers: bearer(body.access_token as string) })).status).toBe(200)
  })
})

describe('POST /auth/token, refusals in the standard dialect', () => {
  const form =
    (fields: string, headers: Record<string, string> = {}) =>
    () =>
      postForm('/auth/token', fields, headers)
  const withClient = (make: (clientId: string) => () => Promise<Response>) => async () => make((await createClient()).clientId)()

  const CASES: { name: string; send: () => Promise<Response>; status: number; body: unknown; challenge?: string }[] = [
    { name: 'grant_type twice', send: form('grant_type=client_credentials&grant_type=password'), status: 400, body: ANSWERS.repeatedParameter },
    {
      name: 'grant_type twice, same value',
      send: form('grant_type=password&grant_type=password&username=a%40example.com&password=x'),
      status: 400,
      body: ANSWERS.repeatedParameter,
    },
    {
      name: 'password twice',
      send: form('grant_type=password&username=customer%40example.com&password=wrong&password=password123'),
      status: 400,
      body: ANSWERS.repeatedParameter,
    },
    {
      name: 'client_secret twice',
      send: withClient((id) => form(`grant_type=client_credentials&client_id=${id}&client_secret=x&client_secret=${CLIENT_SECRET}`)),
      status: 400,
      body: ANSWERS.repeatedParameter,
    },
    { name: 'a stray % in the form', send: form('grant_type=password&username=a%40example.com&password=100%'), status: 400, body: ANSWERS.malformedForm },
    { name: 'an escape that is not UTF-8', send: form('grant_type=password&username=a%40example.com&password=%FF'), status: 400, body: ANSWERS.malformedForm },
    {
      name: 'Basic without a colon',
      send: withClient((id) => form('grant_type=client_credentials', { Authorization: `Basic ${btoa(id)}` })),
      status: 400,
      body: ANSWERS.malformedBasic,
    },
    {
      name: 'Basic with bad percent-encoding',
      send: form('grant_type=client_credentials', { Authorization: `Basic ${btoa('maho%zz:secret')}` }),
      status: 400,
      body: ANSWERS.malformedBasic,
    },
    {
      name: 'Basic that is not base64',
      send: form('grant_type=client_credentials', { Authorization: 'Basic %%%%' }),
      status: 400,
      body: ANSWERS.malformedBasic,
    },
    {
      name: 'Basic with an empty secret',
      send: withClient((id) => form('grant_type=client_credentials', { Authorization: basic(id, '') })),
      status: 400,
      body: ANSWERS.malformedBasic,
    },
    {
      name: 'Basic and a body secret',
      send: withClient((id) =>
        form(`grant_type=client_credentials&client_id=${id}&client_secret=${CLIENT_SECRET}`, { Authorization: basic(id, CLIENT_SECRET) }),
      ),
      status: 400,
      body: ANSWERS.twoClientAuths,
    },
    {
      name: 'Basic and another client_id in the body',
      send: withClient((id) =>
        form('grant_type=client_credentials&client_id=maho_00000000000000000000000000000001', { Authorization: basic(id, CLIENT_SECRET) }),
      ),
      status: 400,
      body: ANSWERS.twoClientAuths,
    },
    {
      name: 'Basic with the password grant',
      send: withClient((id) => form('grant_type=password&username=customer%40example.com&password=password123', { Authorization: basic(id, CLIENT_SECRET) })),
      status: 400,
      body: ANSWERS.clientAuthNotForGrant,
    },
    {
      name: 'Basic with a wrong secret',
      send: withClient((id) => form('grant_type=client_credentials', { Authorization: basic(id, 'wrong') })),
      status: 401,
      body: ANSWERS.invalidClient,
      challenge: 'Basic realm="maho-api"',
    },
    {
      name: 'Basic with an unknown client',
      send: form('grant_type=client_credentials', { Authorization: basic('maho_ffffffffffffffffffffffffffffffff', 'x') }),
      status: 401,
      body: ANSWERS.invalidClient,
      challenge: 'Basic realm="maho-api"',
    },
    {
      name: 'a wrong secret in the form body',
      send: withClient((id) => form(`grant_type=client_credentials&client_id=${id}&client_secret=wrong`)),
      status: 401,
      body: ANSWERS.invalidClient,
      challenge: 'Bearer realm="maho-api", resource_metadata="http://shop.localhost/.well-known/oauth-protected-resource"',
    },
    {
      name: 'a wrong password, form',
      send: form('grant_type=password&username=customer%40example.com&password=wrong'),
      status: 401,
      body: ANSWERS.invalidCredentials,
    },
    {
      name: 'client_credentials without a secret',
      send: withClient((id) => form(`grant_type=client_credentials&client_id=${id}`)),
      status: 400,
      body: ANSWERS.missingClient,
    },
    {
      name: 'password grant without a password',
      send: form('grant_type=password&username=customer%40example.com&password='),
      status: 400,
      body: ANSWERS.missingCustomer,
    },
    { name: 'an unregistered grant', send: form('grant_type=authorization_code&code=x'), status: 400, body: ANSWERS.badGrant },
    {
      name: 'refresh_token, not issued here',
      send: form('grant_type=urn:ietf:params:oauth:grant-type:jwt-bearer&assertion=x'),
      status: 400,
      body: ANSWERS.badGrant,
    },
    {
      name: 'a form over the size cap',
      send: form(`grant_type=password&username=a%40example.com&password=${'x'.repeat(17 * 1024)}`),
      status: 413,
      body: ANSWERS.tooLarge,
    },
    {
      name: 'a form labelled latin1',
      send: () =>
        call('/auth/token', {
          method: 'POST',
          headers: { 'Content-Type': 'application/x-www-form-urlencoded; charset=ISO-8859-1' },
          body: 'grant_type=password',
        }),
      status: 415,
      body: ANSWERS.notJsonOrForm,
    },
    {
      name: 'text/plain',
      send: () => call('/auth/token', { method: 'POST', headers: { 'Content-Type': 'text/plain' }, body: 'grant_type=password' }),
      status: 415,
      body: ANSWERS.notJsonOrForm,
    },
    {
      name: 'multipart/form-data',
      send: () =>
        call('/auth/token', {
          method: 'POST',
          headers: { 'Content-Type': 'multipart/form-data; boundary=b' },
          body: '--b\r\nContent-Disposition: form-data; name="grant_type"\r\n\r\npassword\r\n--b--',
        }),
      status: 415,
      body: ANSWERS.notJsonOrForm,
    },
    {
      name: 'no Content-Type',
      send: () => call('/auth/token', { method: 'POST', body: new TextEncoder().encode('grant_type=password') }),
      status: 415,
      body: ANSWERS.notJsonOrForm,
    },
  ]

  it.each(CASES)('$name → $status', async ({ send, status, body, challenge }) => {
    const res = await send()
    expect(res.status).toBe(status)
    expect(await res.json()).toEqual(oauthError(body as { message: string }))
    if (challenge) expect(res.headers.get('WWW-Authenticate')).toBe(challenge)
  })

  it("answers the shop's JSON errors with error_description too", async () => {
    const res = await postJson('/auth/token', { email: 'customer@example.com', password: 'wrong' })
    expect(res.status).toBe(401)
    expect(await res.json()).toEqual(oauthError(ANSWERS.invalidCredentials))
  })
})
