// Turnstile on login, registration, forgot-password and reset for the storefront origins an
// operator lists (TURNSTILE_ORIGINS), checked with siteverify (the demo verifier, demo/services,
// with Turnstile's documented test secrets) before the request counts or reaches the shop.
import { describe, expect, it } from 'vitest'
import type { Env } from '../src/core/env'
import { createCustomer, uniqueEmail } from './helpers/accounts'
import { ANSWERS, oauthError } from './helpers/answers'
import { callWith } from './helpers/gateway-env'
import { freshIp, postJson } from './helpers/http'
import { basic, CLIENT_SECRET, createClient } from './helpers/oauth'
import { newProbe, originHits, PROBE_HEADER } from './helpers/origin'

const STOREFRONT = 'http://shop.localhost'
// Turnstile's documented test secret keys.
const PASSES = '1x0000000000000000000000000000000AA'
const FAILS = '2x0000000000000000000000000000000AA'
const SPENT = '3x0000000000000000000000000000000AA'
const ON = { TURNSTILE_ORIGINS: STOREFRONT, TURNSTILE_SECRET: PASSES }
const TOKEN = 'XXXX.DUMMY.TOKEN.XXXX'

const REQUIRED = { error: 'forbidden', message: 'Human verification required', code: 403 }
const FAILED = { error: 'forbidden', message: 'Human verification failed', code: 403 }

function post(vars: Partial<Env>, path: string, body: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return callWith(vars, path, { method: 'POST', headers: { 'Content-Type': 'application/json', ...headers }, body: JSON.stringify(body) })
}

// The four asked requests, each with a body the demo shop accepts.
const ASKED: { name: string; send: (vars: Partial<Env>, headers: Record<string, string>) => Promise<Response> }[] = [
  { name: 'login', send: async (vars, headers) => post(vars, '/auth/token', { email: (await createCustomer()).email, password: 'password123' }, headers) },
  {
    name: 'registration',
    send: (vars, headers) =>
      post(vars, '/customers', { email: uniqueEmail('human'), password: `not-breached-${crypto.randomUUID()}`, firstName: 'Hu', lastName: 'Man' }, headers),
  },
  { name: 'forgot-password', send: (vars, headers) => post(vars, '/customers/forgot-password', { email: uniqueEmail('forgot') }, headers) },
  {
    name: 'reset',
    send: async (vars, headers) =>
      post(
        vars,
        '/customers/reset-password',
        { email: (await createCustomer()).email, resetToken: 'demo-reset-token', newPassword: `not-breached-${crypto.randomUUID()}` },
        headers,
      ),
  },
]

describe('Turnstile for a listed storefront origin', () => {
  for (const { name, send } of ASKED) {
    it(`${name} with a token siteverify passes goes through`, async () => {
      const res = await send(ON, { Origin: STOREFRONT, 'CF-Turnstile-Response': TOKEN })
      expect(res.status).toBe(200)
    })

    const refusals: { case: string; vars: Partial<Env>; headers: Record<string, string>; body: typeof REQUIRED }[] = [
      { case: 'no token', vars: ON, headers: {}, body: REQUIRED },
      { case: 'an empty token', vars: ON, headers: { 'CF-Turnstile-Response': '' }, body: REQUIRED },
      { case: 'a token siteverify fails', vars: { ...ON, TURNSTILE_SECRET: FAILS }, headers: { 'CF-Turnstile-Response': TOKEN }, body: FAILED },
      { case: 'a token already spent', vars: { ...ON, TURNSTILE_SECRET: SPENT }, headers: { 'CF-Turnstile-Response': TOKEN }, body: FAILED },
      { case: 'a 10 kB token', vars: ON, headers: { 'CF-Turnstile-Response': 'x'.repeat(10_240) }, body: FAILED },
    ]
    for (const refusal of refusals) {
      it(`${name} with ${refusal.case} is 403 and never reaches the shop`, async () => {
        const probe = newProbe()
        const res = await send(refusal.vars, { Origin: STOREFRONT, [PROBE_HEADER]: probe, ...refusal.headers })
        expect(res.status).toBe(403)
        const body = await res.json()
        expect(body).toEqual(name === 'login' ? oauthError(refusal.body) : refusal.body)
        expect(await originHits(probe)).toBe(0)
      })
    }
  }

  it('a refused login does not count against the per-IP limit (10 a minute)', async () => {
    const ip = freshIp()
    const { email } = await createCustomer()
    for (let i = 0; i < 12; i++)
      expect(
        (await post(ON, '/auth/token', { email, password: 'password123' }, { Origin: STOREFRONT, 'CF-Turnstile-Response': '', 'CF-Connecting-IP': ip })).status,
      ).toBe(403)
    expect(
      (await post(ON, '/auth/token', { email, password: 'password123' }, { Origin: STOREFRONT, 'CF-Turnstile-Response': TOKEN, 'CF-Connecting-IP': ip }))
        .status,
    ).toBe(200)
  })

  it('siteverify that cannot be asked fails closed: 503', async () => {
    const unreachable = { fetch: () => Promise.reject(new TypeError('Network connection lost.')) } as unknown as Fetcher
    const res = await ASKED[1]!.send({ ...ON, TURNSTILE: unreachable }, { Origin: STOREFRONT, 'CF-Turnstile-Response': TOKEN })
    expect(res.status).toBe(503)
    expect(await res.json()).toEqual(ANSWERS.unavailable)
  })
})

describe('who is never asked', () => {
  it('nobody while TURNSTILE_ORIGINS is empty (the default)', async () => {
    for (const { send } of ASKED) expect((await send({}, { Origin: STOREFRONT })).status).toBe(200)
  })

  it('a request without Origin (a server, an app), or from an origin not listed', async () => {
    for (const { send } of ASKED) {
      expect((await send(ON, {})).status).toBe(200)
      expect((await send(ON, { Origin: 'http://localhost:8787' })).status).toBe(200)
    }
  })

  it('the service grants, even from a listed origin', async () => {
    const client = await createClient()
    const res = await callWith(ON, '/auth/token', {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Authorization: basic(client.clientId, CLIENT_SECRET), Origin: STOREFRONT },
      body: 'grant_type=client_credentials',
    })
    expect(res.status).toBe(200)
  })

  it('a refresh-token rotation from a listed origin', async () => {
    const { email } = await createCustomer()
    const { refreshToken } = await (await postJson('/auth/token', { email, password: 'password123' })).json<{ refreshToken: string }>()
    const res = await post(ON, '/auth/token', { grant_type: 'refresh_token', refresh_token: refreshToken }, { Origin: STOREFRONT })
    expect(res.status).toBe(200)
  })
})

describe('Turnstile configuration', () => {
  for (const [name, vars] of [
    ['TURNSTILE_ORIGINS without TURNSTILE_SECRET', { TURNSTILE_ORIGINS: STOREFRONT }],
    ['a TURNSTILE_ORIGINS entry with a path', { TURNSTILE_ORIGINS: `${STOREFRONT}/shop`, TURNSTILE_SECRET: PASSES }],
    ['TURNSTILE_TIMEOUT_MS=0', { ...ON, TURNSTILE_TIMEOUT_MS: '0' }],
  ] as const) {
    it(`${name} is a loud configuration error`, async () => {
      const res = await ASKED[2]!.send(vars, { Origin: STOREFRONT, 'CF-Turnstile-Response': TOKEN })
      expect(res.status).toBe(500)
      expect(await res.json()).toEqual({ error: 'internal_server_error', message: 'Gateway misconfigured', code: 500 })
    })
  }
})
