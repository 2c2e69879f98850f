// Hostile tokens and Authorization headers against /auth/refresh and /auth/logout, beyond the
// verifier table in test/auth-verify.test.ts (which this does not repeat).
import { expect } from 'vitest'
import { bearer, customerClaims, mint, nowSeconds, rawToken, serviceClaims, signRaw } from '../helpers/tokens'
import { ANSWERS, authPost, type HostileCase } from './case'

const bytes = (text: string) => new TextEncoder().encode(text)
const DEMO_SECRET = 'local-demo-secret-do-not-use-in-production-0123456789'
const valid = () => mint(customerClaims(1))
const claims = customerClaims

/** Refresh carrying this token as Bearer: refused with 401 invalid_token. */
const refused = (name: string, token: () => Promise<string> | string): HostileCase => ({
  name,
  request: async () => authPost('refresh', { token: await token() }),
  status: 401,
  body: ANSWERS.invalidToken,
})

/** Refresh with a raw Authorization header value built from a valid token. */
const header = (name: string, value: (token: string) => string, status: number, body: unknown): HostileCase => ({
  name,
  request: async () => authPost('refresh', { headers: { Authorization: value(await valid()) } }),
  status,
  body,
})

const REFRESHED = {
  token: expect.any(String),
  tokenType: 'Bearer',
  expiresIn: 3600,
  access_token: expect.any(String),
  token_type: 'Bearer',
  expires_in: 3600,
  customer: { id: 1, email: 'customer@example.com', firstName: 'Jane', lastName: 'Doe' },
}

function b64url(text: string): string {
  return btoa(text).replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_')
}

export const tokenCases: HostileCase[] = [
  // alg confusion
  refused('alg None, no signature', () => rawToken({ alg: 'None', typ: 'JWT' }, claims())),
  refused('alg nOnE with an HMAC signature', () => signRaw({ alg: 'nOnE', typ: 'JWT' }, claims())),
  refused('alg none with the demo secret as the signature text', () => rawToken({ alg: 'none' }, claims(), b64url(DEMO_SECRET))),
  refused('alg hs256 in lower case, correctly signed', () => signRaw({ alg: 'hs256', typ: 'JWT' }, claims())),
  refused('alg HS384 signed with the secret', () => mint(claims(), { header: { alg: 'HS384' } })),
  refused('ES256 header with a garbage signature', () => rawToken({ alg: 'ES256', typ: 'JWT' }, claims(), b64url('x'.repeat(64)))),
  refused('PS256 header', () => rawToken({ alg: 'PS256' }, claims(), b64url('sig'))),
  refused('EdDSA header', () => rawToken({ alg: 'EdDSA' }, claims(), b64url('sig'))),
  refused('RS256 with its public key embedded as jwk', () =>
    rawToken({ alg: 'RS256', jwk: { kty: 'RSA', e: 'AQAB', n: b64url('n'.repeat(256)) } }, claims(), b64url('sig')),
  ),
  refused('alg missing from the header', () => signRaw({ typ: 'JWT' }, claims())),
  // other secrets
  refused('HS256 with the secret "secret"', () => mint(claims(), { key: bytes('secret') })),
  refused('HS256 with the issuer URL as secret', () => mint(claims(), { key: bytes('http://shop.localhost/') })),
  refused('HS256 with the demo secret plus a space', () => mint(claims(), { key: bytes(`${DEMO_SECRET} `) })),
  refused('HS256 with the demo secret in upper case', () => mint(claims(), { key: bytes(DEMO_SECRET.toUpperCase()) })),
  refused('HS256 with the demo secret truncated to 32 characters', () => mint(claims(), { key: bytes(DEMO_SECRET.slice(0, 32)) })),
  // kid injection: we have one key, so kid can never select another
  refused('kid path traversal signed with an empty-file key', () => signRaw({ alg: 'HS256', kid: '../../../../dev/null' }, claims(), new Uint8Array(1))),
  refused('kid /etc/passwd signed with its first line', () =>
    signRaw({ alg: 'HS256', kid: '../../etc/passwd' }, claims(), bytes('root:x:0:0:root:/root:/bin/bash')),
  ),
  refused('kid SQL injection signed with the injected value', () => signRaw({ alg: 'HS256', kid: "x' UNION SELECT 'key' -- " }, claims(), bytes('key'))),
  refused('kid command injection', () => signRaw({ alg: 'HS256', kid: '| curl evil.example' }, claims(), bytes('evil'))),
  {
    name: 'kid on a token signed with the real secret is ignored, not trusted',
    request: async () => authPost('refresh', { token: await signRaw({ alg: 'HS256', typ: 'JWT', kid: '../../etc/passwd' }, claims()) }),
    status: 200,
    body: REFRESHED,
  },
  // key-pointing headers
  refused('jku with alg none', () => rawToken({ alg: 'none', jku: 'https://evil.example/jwks.json' }, claims())),
  refused('x5u signed with the secret', () => signRaw({ alg: 'HS256', x5u: 'https://evil.example/cert.pem' }, claims())),
  refused('jwk of an oct key signed with that key', () => signRaw({ alg: 'HS256', jwk: { kty: 'oct', k: b64url('attacker') } }, claims(), bytes('attacker'))),
  // numeric dates
  refused('nbf as a string', () => mint({ ...claims(), nbf: String(nowSeconds()) as unknown as number })),
  refused('iat as a string', () => mint({ ...claims(), iat: String(nowSeconds()) as unknown as number })),
  refused('exp as null', () => mint({ ...claims(), exp: null as unknown as number })),
  refused('exp with a fraction', () => mint({ ...claims(), exp: nowSeconds() + 3600.5 })),
  refused('exp beyond safe integers', () => mint({ ...claims(), exp: 1e20 })),
  refused('iat as a boolean', () => mint({ ...claims(), iat: true as unknown as number })),
  refused('nbf one minute ahead', () => mint({ ...claims(), nbf: nowSeconds() + 60 })),
  refused('expired an hour ago', () => {
    const iat = nowSeconds() - 7200
    return mint({ ...claims(), iat, nbf: iat, exp: iat + 3600 })
  }),
  // iss and aud
  refused('iss over https', () => mint({ ...claims(), iss: 'https://shop.localhost/' })),
  refused('iss with the host in upper case', () => mint({ ...claims(), iss: 'http://SHOP.localhost/' })),
  refused('iss with a path appended', () => mint({ ...claims(), iss: 'http://shop.localhost/evil/' })),
  refused('iss as an array', () => mint({ ...claims(), iss: ['http://shop.localhost/'] as unknown as string })),
  refused('aud empty', () => mint({ ...claims(), aud: '' })),
  refused('aud in upper case', () => mint({ ...claims(), aud: 'MAHO-API' })),
  // jti and sub
  refused('jti of 32 non-hex characters', () => mint({ ...claims(), jti: 'g'.repeat(32) })),
  refused('jti of 33 hex characters', () => mint({ ...claims(), jti: 'a'.repeat(33) })),
  refused('jti as a number', () => mint({ ...claims(), jti: 1234 as unknown as string })),
  refused('jti with a trailing newline', () => mint({ ...claims(), jti: `${'a'.repeat(32)}\n` })),
  refused('sub empty', () => mint({ ...claims(), sub: '' })),
  refused('sub with a leading zero', () => mint({ ...claims(1), sub: 'customer_01' })),
  refused('sub with a trailing NUL', () => mint({ ...claims(1), sub: 'customer_1\u0000' })),
  refused('service token claiming customer type fields', () => mint({ ...serviceClaims(1), type: 'customer' })),
  // segments and encoding
  refused('one segment', async () => (await valid()).split('.')[0]!),
  refused('four segments', async () => `${await valid()}.e30`),
  refused('five segments (JWE shape)', async () => `${await valid()}.e30.e30`),
  refused('trailing dot', async () => `${await valid()}.`),
  refused('leading dot', async () => `.${await valid()}`),
  refused('empty signature', async () => (await valid()).replace(/[^.]+$/, '')),
  refused('payload in standard base64 with + and /', async () => {
    const [h, p, s] = (await valid()).split('.')
    return `${h}.${p!.replace(/-/g, '+').replace(/_/g, '/')}+/.${s}`
  }),
  refused('padding on the signature', async () => `${await valid()}=`),
  refused('payload that is not JSON', async () => {
    const [h, , s] = (await valid()).split('.')
    return `${h}.${b64url('not json')}.${s}`
  }),
  refused('payload that is a JSON array', () => signRaw({ alg: 'HS256' }, [1, 2] as unknown as Record<string, unknown>)),
  refused('100 KiB of garbage', () => 'A'.repeat(100 * 1024)),
  // Authorization header shapes (RFC 6750 §2.1, RFC 7235 §2.1)
  header('scheme in lower case (case-insensitive by RFC 7235)', (t) => `bearer ${t}`, 200, REFRESHED),
  header('scheme in upper case', (t) => `BEARER ${t}`, 200, REFRESHED),
  header('trailing whitespace (trimmed by the Fetch Headers API)', (t) => `Bearer ${t}   `, 200, REFRESHED),
  header('two spaces after the scheme', (t) => `Bearer  ${t}`, 401, ANSWERS.invalidToken),
  header('a tab after the scheme', (t) => `Bearer\t${t}`, 401, ANSWERS.invalidToken),
  header('trailing junk after the token', (t) => `Bearer ${t} junk`, 401, ANSWERS.invalidToken),
  header('a semicolon after the token', (t) => `Bearer ${t};`, 401, ANSWERS.invalidToken),
  header('a colon after the scheme', (t) => `Bearer: ${t}`, 401, ANSWERS.invalidToken),
  header('the token quoted', (t) => `Bearer "${t}"`, 401, ANSWERS.invalidToken),
  header('scheme Token', (t) => `Token ${t}`, 401, ANSWERS.invalidToken),
  header('scheme JWT', (t) => `JWT ${t}`, 401, ANSWERS.invalidToken),
  header('Basic with the token as password', (t) => `Basic ${btoa(`user:${t}`)}`, 401, ANSWERS.invalidToken),
  header('scheme alone with a trailing space', () => 'Bearer ', 401, ANSWERS.invalidToken),
  {
    name: 'two Authorization headers (joined by Headers into one value)',
    request: async () => {
      const request = authPost('refresh')
      const token = await valid()
      const headers = new Headers(request.headers)
      headers.append('Authorization', `Bearer ${token}`)
      headers.append('Authorization', `Bearer ${token}`)
      return new Request(request, { headers })
    },
    status: 401,
    body: ANSWERS.invalidToken,
  },
  // tokens anywhere but the Authorization header are never read
  ...(['refresh', 'logout'] as const).flatMap((endpoint) => [
    {
      name: `${endpoint} with ?access_token= only`,
      request: async () => authPost(endpoint, { query: `?access_token=${await valid()}` }),
      status: 401,
      body: ANSWERS.noToken,
    },
    {
      name: `${endpoint} with ?token= only`,
      request: async () => authPost(endpoint, { query: `?token=${await valid()}` }),
      status: 401,
      body: ANSWERS.noToken,
    },
    {
      name: `${endpoint} with the token in a JSON body`,
      request: async () => authPost(endpoint, { body: { token: await valid(), access_token: await valid() } }),
      status: 401,
      body: ANSWERS.noToken,
    },
    {
      name: `${endpoint} with the token in a cookie`,
      request: async () => authPost(endpoint, { headers: { Cookie: `token=${await valid()}; access_token=${await valid()}` } }),
      status: 401,
      body: ANSWERS.noToken,
    },
    {
      name: `${endpoint} with the token in X-Access-Token`,
      request: async () => authPost(endpoint, { headers: { 'X-Access-Token': await valid() } }),
      status: 401,
      body: ANSWERS.noToken,
    },
  ]),
  {
    name: 'logout with a bad token and a good one in the query',
    request: async () => authPost('logout', { query: `?access_token=${await valid()}`, headers: bearer('x.y.z') }),
    status: 401,
    body: ANSWERS.invalidToken,
  },
]
