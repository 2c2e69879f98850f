import { env } from 'cloudflare:workers'
import { describe, expect, it } from 'vitest'
import { authenticate } from '../src/auth/authenticate'
import { readConfig } from '../src/config/config'
import { requestContext } from '../src/context'
import type { Env } from '../src/core/env'
import { GatehouseError } from '../src/core/errors'
import { createCustomer } from './helpers/accounts'
import { brokenD1, brokenKv, brokenLimiter, fetchWith, hang, reject } from './helpers/faults'
import { API, freshIp } from './helpers/http'
import { customerClaims, mint, serviceClaims } from './helpers/tokens'
import { ANSWERS, oauthError } from './helpers/answers'

const FAST = { KV_TIMEOUT_MS: '50' }

/** A POST to an auth endpoint from a fresh client IP. */
function post(endpoint: string, token?: string, body?: unknown): Request {
  const headers = new Headers({ 'CF-Connecting-IP': freshIp() })
  if (token) headers.set('Authorization', `Bearer ${token}`)
  if (body !== undefined) headers.set('Content-Type', 'application/json')
  return new Request(`${API}/auth/${endpoint}`, { method: 'POST', headers, body: body === undefined ? undefined : JSON.stringify(body) })
}

async function login(grant: 'customer' | 'client_credentials' | 'api_user'): Promise<Request> {
  if (grant === 'customer') return post('token', undefined, { email: (await createCustomer()).email, password: 'password123' })
  if (grant === 'client_credentials') {
    return post('token', undefined, { grant_type: grant, client_id: 'maho_00000000000000000000000000000002', client_secret: 'demo-catalog-secret' })
  }
  return post('token', undefined, { grant_type: grant, username: 'catalog', api_key: 'demo-catalog-key' })
}

/** What the token is afterwards, checked against the real bindings: nothing half-done. */
type After = 'still valid' | 'revoked'

interface FaultCase {
  name: string
  bindings: () => Partial<Env>
  request: (token: string) => Request | Promise<Request>
  status: number
  body: unknown
  after?: After
}

const cases: FaultCase[] = [
  // KV: every read and write of the revocation store is bounded and fails closed.
  {
    name: 'refresh while KV reads hang',
    bindings: () => ({ ...FAST, REVOKED: brokenKv({ get: hang }) }),
    request: (t) => post('refresh', t),
    status: 503,
    body: ANSWERS.unavailable,
    after: 'still valid',
  },
  {
    name: 'refresh while KV writes fail: no new token, old one kept',
    bindings: () => ({ REVOKED: brokenKv({ put: reject }) }),
    request: (t) => post('refresh', t),
    status: 503,
    body: ANSWERS.unavailable,
    after: 'still valid',
  },
  {
    name: 'refresh while KV writes hang: no new token',
    bindings: () => ({ ...FAST, REVOKED: brokenKv({ put: hang }) }),
    request: (t) => post('refresh', t),
    status: 503,
    body: ANSWERS.unavailable,
    after: 'still valid',
  },
  {
    name: 'logout while KV reads fail',
    bindings: () => ({ REVOKED: brokenKv({ get: reject }) }),
    request: (t) => post('logout', t),
    status: 503,
    body: ANSWERS.unavailable,
    after: 'still valid',
  },
  {
    name: 'logout while KV reads hang',
    bindings: () => ({ ...FAST, REVOKED: brokenKv({ get: hang }) }),
    request: (t) => post('logout', t),
    status: 503,
    body: ANSWERS.unavailable,
    after: 'still valid',
  },
  {
    name: 'logout while KV writes hang',
    bindings: () => ({ ...FAST, REVOKED: brokenKv({ put: hang }) }),
    request: (t) => post('logout', t),
    status: 503,
    body: ANSWERS.unavailable,
    after: 'still valid',
  },
  {
    name: 'logout everywhere while KV writes fail',
    bindings: () => ({ REVOKED: brokenKv({ put: reject }) }),
    request: (t) => post('logout', t, { everywhere: true }),
    status: 503,
    body: ANSWERS.unavailable,
    after: 'still valid',
  },
  {
    name: 'logout everywhere while KV writes hang',
    bindings: () => ({ ...FAST, REVOKED: brokenKv({ put: hang }) }),
    request: (t) => post('logout', t, { everywhere: true }),
    status: 503,
    body: ANSWERS.unavailable,
    after: 'still valid',
  },
  // D1: logins and refresh need it; verifying and revoking an issued token do not.
  {
    name: 'customer login while D1 fails',
    bindings: () => ({ DB: brokenD1() }),
    request: () => login('customer'),
    status: 503,
    body: oauthError(ANSWERS.unavailable),
  },
  {
    name: 'customer login while D1 cannot even prepare',
    bindings: () => ({ DB: brokenD1(/./, 'prepare') }),
    request: () => login('customer'),
    status: 503,
    body: oauthError(ANSWERS.unavailable),
  },
  {
    name: 'client_credentials login while D1 fails',
    bindings: () => ({ DB: brokenD1() }),
    request: () => login('client_credentials'),
    status: 503,
    body: oauthError(ANSWERS.unavailable),
  },
  {
    name: 'api_user login while D1 fails',
    bindings: () => ({ DB: brokenD1() }),
    request: () => login('api_user'),
    status: 503,
    body: oauthError(ANSWERS.unavailable),
  },
  {
    name: 'good login whose lockout reset cannot be written: no token',
    bindings: () => ({ DB: brokenD1(/^delete from "login_failures"/i) }),
    request: () => login('api_user'),
    status: 503,
    body: oauthError(ANSWERS.unavailable),
  },
  {
    name: 'customer login while no D1 session can be opened',
    bindings: () => ({ DB: brokenD1(/./, 'run', 'throws') }),
    request: () => login('customer'),
    status: 503,
    body: oauthError(ANSWERS.unavailable),
  },
  {
    name: 'refresh while no D1 session can be opened: old token not revoked',
    bindings: () => ({ DB: brokenD1(/./, 'run', 'throws') }),
    request: (t) => post('refresh', t),
    status: 503,
    body: ANSWERS.unavailable,
    after: 'still valid',
  },
  {
    name: 'refresh whose claim cannot be written: old token not revoked',
    bindings: () => ({ DB: brokenD1(/refreshed_tokens/i) }),
    request: (t) => post('refresh', t),
    status: 503,
    body: ANSWERS.unavailable,
    after: 'still valid',
  },
  {
    name: 'refresh while D1 fails: old token not revoked',
    bindings: () => ({ DB: brokenD1() }),
    request: (t) => post('refresh', t),
    status: 503,
    body: ANSWERS.unavailable,
    after: 'still valid',
  },
  // A customer logout also ends refresh sessions in D1: without D1 it is refused whole, never half-done.
  {
    name: 'logout while D1 is down',
    bindings: () => ({ DB: brokenD1(/./, 'prepare') }),
    request: (t) => post('logout', t),
    status: 503,
    body: ANSWERS.unavailable,
    after: 'still valid',
  },
  {
    name: 'logout everywhere while D1 is down',
    bindings: () => ({ DB: brokenD1(/./, 'prepare') }),
    request: (t) => post('logout', t, { everywhere: true }),
    status: 503,
    body: ANSWERS.unavailable,
    after: 'still valid',
  },
  // The rate limiter: a limit that cannot be counted is not waved through.
  {
    name: 'login while the IP rate limiter fails',
    bindings: () => ({ RATE_LIMIT_IP: brokenLimiter }),
    request: () => login('customer'),
    status: 503,
    body: oauthError(ANSWERS.unavailable),
  },
  {
    name: 'login while the identity rate limiter fails',
    bindings: () => ({ RATE_LIMIT_IDENTITY: brokenLimiter }),
    request: () => login('customer'),
    status: 503,
    body: oauthError(ANSWERS.unavailable),
  },
  {
    name: 'refresh while the IP rate limiter fails',
    bindings: () => ({ RATE_LIMIT_IP: brokenLimiter }),
    request: (t) => post('refresh', t),
    status: 503,
    body: ANSWERS.unavailable,
    after: 'still valid',
  },
]

async function stateOf(token: string): Promise<After | 'error'> {
  const outcome = await authenticate(`Bearer ${token}`, requestContext(env)).catch((e: unknown) => e)
  if (outcome instanceof GatehouseError) return outcome.reason === 'invalid_token' ? 'revoked' : 'error'
  return 'still valid'
}

describe('auth endpoints with broken storage fail closed, never half-done', () => {
  it.each(cases)('$name → $status', async (row) => {
    // A fresh customer for each row: nothing cached in the isolate, no subject stamp shared.
    const { id, email } = await createCustomer()
    const token = await mint(customerClaims(id, email))
    const res = await fetchWith(row.bindings(), await row.request(token))
    expect(res.status).toBe(row.status)
    expect(res.headers.get('Cache-Control')).toBe('no-store')
    expect(await res.json()).toEqual(row.body)
    if (row.after) expect(await stateOf(token)).toBe(row.after)
  })

  it('bounds a hanging KV read by the default timeout (2000 ms) when KV_TIMEOUT_MS is not set', async () => {
    expect(readConfig(env).kv.timeoutMs).toBe(2000)
    const res = await fetchWith({ REVOKED: brokenKv({ get: hang }) }, post('refresh', await mint(customerClaims())))
    expect(res.status).toBe(503)
    expect(await res.json()).toEqual(ANSWERS.unavailable)
  })

  it('issues tokens while KV is down: logging in never touches the revocation store', async () => {
    const res = await fetchWith({ REVOKED: brokenKv({ get: reject, put: reject }) }, await login('customer'))
    expect(res.status).toBe(200)
    expect(await res.json()).toMatchObject({ tokenType: 'Bearer', expiresIn: 3600 })
  })

  it('verifies an issued service token with D1 gone entirely', async () => {
    const token = await mint(serviceClaims(2, 'catalog', ['products/all']))
    const principal = await authenticate(`Bearer ${token}`, requestContext({ ...env, DB: brokenD1(/./, 'prepare') }))
    expect(principal).toMatchObject({ type: 'api_user', apiUserId: 2 })
  })
})
