// Breached passwords refused where a password is set through the gateway: the new password's SHA-1
// prefix (5 hex) goes to the Pwned Passwords range API (the demo one, demo/services), padded; a
// count at or over BREACHED_PASSWORDS_THRESHOLD is 400 before the shop sees it. A range service
// that is slow, failing or malformed is skipped and logged, never a 5xx.
import { env } from 'cloudflare:workers'
import type { Env } from '../src/core/env'
import { describe, expect, it, vi } from 'vitest'
import { createCustomer, uniqueEmail } from './helpers/accounts'
import { callWith } from './helpers/gateway-env'
import { call, postJson } from './helpers/http'
import { newProbe, originHits, PROBE_HEADER } from './helpers/origin'
import { bearer, customerClaims, mint } from './helpers/tokens'

const BREACHED = { error: 'bad_request', message: 'This password has appeared in a data breach. Please choose a different password.', code: 400 }

async function sha1(text: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-1', new TextEncoder().encode(text))
  return [...new Uint8Array(digest)]
    .map((b) => b.toString(16).padStart(2, '0'))
    .join('')
    .toUpperCase()
}

async function rangeRequests(prefix: string): Promise<{ url: string; method: string; headers: Record<string, string>; body: string }[]> {
  return (await env.PWNED_PASSWORDS!.fetch(`http://services.test/__demo/range-requests?prefix=${prefix}`)).json()
}

// The four routes that set a password, each with a body that the demo shop accepts.
async function setPassword(route: string, password: string, extra: Record<string, string> = {}, vars?: Partial<Env>): Promise<Response> {
  const probe = { [PROBE_HEADER]: extra.probe ?? newProbe() }
  const send = (path: string, body: unknown, headers: Record<string, string> = {}) => {
    const init = { method: 'POST', headers: { 'Content-Type': 'application/json', ...probe, ...headers }, body: JSON.stringify(body) }
    return vars ? callWith(vars, path, init) : call(path, init)
  }
  switch (route) {
    case 'registration':
      return send('/customers', { email: uniqueEmail('breach'), password, firstName: 'Bree', lastName: 'Ched' })
    case 'password change': {
      const { id, email } = await createCustomer()
      return send('/customers/me/password', { currentPassword: 'password123', newPassword: password }, bearer(await mint(customerClaims(id, email))))
    }
    case 'password reset': {
      const { email } = await createCustomer()
      return send('/customers/reset-password', { email, resetToken: 'demo-reset-token', newPassword: password })
    }
    default:
      return send('/customers/create-from-order', { accountToken: `demo-order:${uniqueEmail('order')}`, password })
  }
}

const ROUTES = ['registration', 'password change', 'password reset', 'create-from-order']

describe('breached passwords', () => {
  for (const route of ROUTES) {
    for (const password of ['Password1!', 'qwerty123']) {
      it(`${route} with ${password} is 400 and never reaches the shop`, async () => {
        const probe = newProbe()
        const res = await setPassword(route, password, { probe })
        expect(res.status).toBe(400)
        expect(await res.json()).toEqual(BREACHED)
        expect(await originHits(probe)).toBe(0)
      })
    }
    it(`${route} with a password in no breach goes through to the shop`, async () => {
      const probe = newProbe()
      const res = await setPassword(route, `not-breached-${crypto.randomUUID()}`, { probe })
      expect(res.status).toBe(200)
      expect(await originHits(probe)).toBe(1)
    })
  }

  it('only the first 5 hex characters of the SHA-1 leave the Worker, with Add-Padding: true', async () => {
    const password = `k-anonymity-${crypto.randomUUID()}`
    const hash = await sha1(password)
    expect((await setPassword('registration', password)).status).toBe(200)
    const [seen, ...more] = await rangeRequests(hash.slice(0, 5))
    expect(more).toEqual([])
    expect(seen!.method).toBe('GET')
    expect(new URL(seen!.url).pathname).toBe(`/range/${hash.slice(0, 5)}`)
    expect(seen!.headers['add-padding']).toBe('true')
    expect(seen!.body).toBe('')
    const everything = JSON.stringify(seen).toUpperCase()
    expect(everything).not.toContain(hash.slice(5))
    expect(everything).not.toContain(password.toUpperCase())
  })

  it('the threshold decides: a password seen 3 times passes at 4 and is refused at 3 and at the default 1', async () => {
    expect((await setPassword('registration', 'Summer2024!', {}, { BREACHED_PASSWORDS_THRESHOLD: '4' })).status).toBe(200)
    expect((await setPassword('registration', 'Summer2024!', {}, { BREACHED_PASSWORDS_THRESHOLD: '3' })).status).toBe(400)
    expect((await setPassword('registration', 'Summer2024!')).status).toBe(400)
  })

  it('BREACHED_PASSWORDS=off lets a breached password through', async () => {
    expect((await setPassword('registration', 'Password1!', {}, { BREACHED_PASSWORDS: 'off' })).status).toBe(200)
  })

  it('the existing demo password still logs in and may still be set', async () => {
    expect((await postJson('/auth/token', { email: 'customer@example.com', password: 'password123' })).status).toBe(200)
    expect((await setPassword('password change', 'password123')).status).toBe(200)
  })
})

describe('a range service that cannot answer is skipped and logged, never a 5xx', () => {
  const cases = [
    {
      name: 'slow (past BREACHED_PASSWORDS_TIMEOUT_MS)',
      vars: { BREACHED_PASSWORDS_URL: 'https://api.pwnedpasswords.com/slow', BREACHED_PASSWORDS_TIMEOUT_MS: '300' },
      reason: 'range service timed out after 300 ms',
    },
    {
      name: 'malformed',
      vars: { BREACHED_PASSWORDS_URL: 'https://api.pwnedpasswords.com/malformed' },
      reason: 'not a range answer (a line is not SUFFIX:COUNT)',
    },
    { name: 'failing (503)', vars: { BREACHED_PASSWORDS_URL: 'https://api.pwnedpasswords.com/error' }, reason: 'range service answered 503' },
  ]
  for (const { name, vars, reason } of cases) {
    it(`${name}: the registration goes through, even with a breached password, and the skip is logged`, async () => {
      const log = vi.spyOn(console, 'log')
      const res = await setPassword('registration', 'Password1!', {}, vars)
      expect(res.status).toBe(200)
      const lines = log.mock.calls.map(([line]) => String(line)).filter((line) => line.includes('breach_check_skipped'))
      expect(lines.map((line) => JSON.parse(line))).toEqual([expect.objectContaining({ event: 'breach_check_skipped', route: 'register', reason })])
      log.mockRestore()
    })
  }

  it('unreachable (the connection fails): skipped, never a 5xx', async () => {
    const unreachable = { fetch: () => Promise.reject(new TypeError('Network connection lost.')) } as unknown as Fetcher
    const res = await setPassword('registration', 'Password1!', {}, { PWNED_PASSWORDS: unreachable })
    expect(res.status).toBe(200)
  })

  for (const [name, value] of [
    ['BREACHED_PASSWORDS', 'maybe'],
    ['BREACHED_PASSWORDS_URL', 'ftp://x'],
    ['BREACHED_PASSWORDS_THRESHOLD', '0'],
  ] as const) {
    it(`${name}=${value} is a loud configuration error`, async () => {
      const res = await setPassword('registration', 'whatever-password-1', {}, { [name]: value })
      expect(res.status).toBe(500)
    })
  }
})
