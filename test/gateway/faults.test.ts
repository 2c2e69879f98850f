import { env } from 'cloudflare:workers'
import { describe, expect, it } from 'vitest'
import type { Env } from '../../src/core/env'
import { callWith, wrap } from '../helpers/gateway-env'
import { bearer, customerClaims, mint, serviceClaims } from '../helpers/tokens'
import { ANSWERS } from '../helpers/answers'

const brokenKv = (how: () => unknown) => wrap(env.REVOKED, { get: how, put: how, getWithMetadata: how, list: how })
const brokenD1 = wrap(env.DB, {
  prepare: () => {
    throw new Error('D1_ERROR: no such table')
  },
  batch: () => Promise.reject(new Error('D1_ERROR')),
  exec: () => Promise.reject(new Error('D1_ERROR')),
})

describe('KV failing', () => {
  const FAULTS = [
    { name: 'rejecting', kv: () => brokenKv(() => Promise.reject(new Error('KV GET failed: 500'))) },
    {
      name: 'throwing synchronously',
      kv: () =>
        brokenKv(() => {
          throw new Error('KV binding gone')
        }),
    },
    {
      name: 'throwing a non-Error value',
      kv: () =>
        brokenKv(() => {
          throw 'kv exploded'
        }),
    },
    // Never settles: the auth side's KV_TIMEOUT_MS bounds the wait (shortened here, default 2 s).
    { name: 'hanging', kv: () => brokenKv(() => new Promise(() => {})) },
  ]
  for (const fault of FAULTS) {
    it(`${fault.name}: authenticated requests fail closed with 503, on customer and public routes`, async () => {
      for (const path of ['/customers/me', '/products']) {
        const res = await callWith({ REVOKED: fault.kv(), KV_TIMEOUT_MS: '50' }, path, { headers: bearer(await mint(customerClaims(1))) })
        expect({ path, status: res.status, body: await res.json() }).toEqual({ path, status: 503, body: ANSWERS.unavailable })
      }
    })

    it(`${fault.name}: a public request without a token still reaches the shop`, async () => {
      const res = await callWith({ REVOKED: fault.kv(), KV_TIMEOUT_MS: '50' }, '/products')
      expect(res.status).toBe(200)
      expect(await res.json()).toMatchObject({ demo: true, path: '/api/rest/v2/products' })
    })
  }
})

describe('KV hanging on the password-change write', () => {
  it('answers 503 within the KV timeout instead of hanging after the shop changed the password', async () => {
    const hangingWrites = wrap(env.REVOKED, { put: () => new Promise(() => {}) })
    const res = await callWith({ REVOKED: hangingWrites, KV_TIMEOUT_MS: '50' }, '/customers/me/password', {
      method: 'POST',
      headers: { ...bearer(await mint(customerClaims(1))), 'Content-Type': 'application/json' },
      body: JSON.stringify({ currentPassword: 'password123', newPassword: 'another-password-789' }),
    })
    expect(res.status).toBe(503)
    expect(await res.json()).toEqual(ANSWERS.unavailable)
  })
})

describe('D1 failing', () => {
  it('does not stop already-issued tokens at the gateway: verification never reads D1', async () => {
    const customer = await callWith({ DB: brokenD1 }, '/customers/me', { headers: bearer(await mint(customerClaims(1))) })
    expect(customer.status).toBe(200)
    expect(await customer.json()).toMatchObject({ demo: true, path: '/api/rest/v2/customers/me' })
    const admin = await callWith({ DB: brokenD1 }, '/customers', { headers: bearer(await mint(serviceClaims(1, 'admin', ['all']))) })
    expect(admin.status).toBe(200)
  })
})

describe('an unexpected exception in a step answers the generic 500, never a stack trace', () => {
  const originAnswering = (answer: () => unknown) => ({ fetch: answer }) as unknown as Fetcher
  const CASES: Array<{ name: string; overrides: () => Partial<Env> | Env; token?: boolean }> = [
    {
      name: 'the origin binding returns something that is not a Response',
      overrides: () => ({ ORIGIN: originAnswering(() => Promise.resolve({ nope: true })) }),
    },
    { name: 'KV answers a bulk get with garbage', overrides: () => ({ REVOKED: wrap(env.REVOKED, { get: () => Promise.resolve('garbage') }) }), token: true },
    {
      name: 'reading the ORIGIN binding throws a non-Error value',
      overrides: () =>
        Object.defineProperty({ ...env }, 'ORIGIN', {
          get: () => {
            throw 'binding exploded at /srv/app.js:12'
          },
        }) as Env,
    },
    {
      name: 'reading the ORIGIN binding throws an Error with a stack',
      overrides: () =>
        Object.defineProperty({ ...env }, 'ORIGIN', {
          get: () => {
            throw new TypeError('secret internals')
          },
        }) as Env,
    },
  ]
  for (const row of CASES) {
    it(row.name, async () => {
      const headers = row.token ? bearer(await mint(customerClaims(1))) : {}
      const res = await callWith(row.overrides(), '/products', { headers })
      const text = await res.text()
      expect(res.status).toBe(500)
      expect(JSON.parse(text)).toEqual(ANSWERS.internal)
      expect(res.headers.get('x-content-type-options')).toBe('nosniff')
      expect(text).not.toMatch(/at |secret|exploded|TypeError/)
    })
  }
})
