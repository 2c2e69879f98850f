import { env } from 'cloudflare:workers'
import { afterEach, beforeEach, describe, expect, it, vi, type MockInstance } from 'vitest'
import { BURST_CAP, recordSecurityEvent } from '../../src/db/events'
import type { Env } from '../../src/core/env'
import { createCustomer, uniqueEmail } from '../helpers/accounts'
import { createShopCustomer, UNLIMITED } from '../helpers/fallback'
import { brokenD1 } from '../helpers/faults'
import { callWith } from '../helpers/gateway-env'
import { bearer, customerClaims, mint, serviceClaims } from '../helpers/tokens'
import { wrongCode } from '../helpers/totp'

type Row = { id: string; at: number; kind: string; subject: string | null; ip: string | null; request_id: string | null; detail: string }
const IP = '203.0.113.7'
const secretsSeen: string[] = []

let logs: MockInstance
beforeEach(() => {
  logs = vi.spyOn(console, 'log').mockImplementation(() => {})
})
afterEach(() => logs.mockRestore())

/** Sends one request (the per-minute limits off), waits for its background work, returns its answer and its events. */
async function send(path: string, init: { method?: string; body?: unknown; headers?: Record<string, string>; env?: Partial<Env> } = {}) {
  const res = await callWith({ ...UNLIMITED, ...init.env }, path, {
    method: init.method ?? 'POST',
    headers: { 'Content-Type': 'application/json', 'CF-Connecting-IP': IP, ...init.headers },
    ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
  })
  const requestId = res.headers.get('X-Request-Id')
  expect(requestId).toMatch(/.+/)
  const rows = await env.DB.prepare('select * from security_events where request_id = ? order by at, id').bind(requestId).all<Row>()
  const events = rows.results.map((r) => ({ kind: r.kind, subject: r.subject, ip: r.ip, detail: JSON.parse(r.detail) as Record<string, unknown> }))
  return { res, events }
}

const login = (email: string, password = 'password123', envOverrides: Partial<Env> = {}) => {
  secretsSeen.push(email, password)
  return send('/auth/token', { body: { email, password }, env: envOverrides })
}

describe('each security event is recorded once, with its subject, IP, request id and detail', () => {
  it('login_succeeded from the edge copy', async () => {
    const { id, email } = await createCustomer()
    const { res, events } = await login(email)
    expect(res.status).toBe(200)
    secretsSeen.push((await res.json<{ token: string; refreshToken: string }>()).token)
    expect(events).toEqual([{ kind: 'login_succeeded', subject: `customer_${id}`, ip: IP, detail: { grant: 'customer', source: 'copy' } }])
  })

  it('account_copied and login_succeeded when the shop answered (fallback)', async () => {
    const { id, email } = await createShopCustomer('trail-fallback')
    const { res, events } = await login(email)
    expect(res.status).toBe(200)
    // Both in the same second: their order in the trail is not theirs to keep.
    expect(events.sort((a, b) => a.kind.localeCompare(b.kind))).toEqual([
      { kind: 'account_copied', subject: `customer_${id}`, ip: IP, detail: { grant: 'customer', source: 'fallback' } },
      { kind: 'login_succeeded', subject: `customer_${id}`, ip: IP, detail: { grant: 'customer', source: 'shop' } },
    ])
  })

  it('login_failed for a known account names it; for an unknown email the subject is null and the email is nowhere', async () => {
    const { id, email } = await createCustomer()
    const known = await login(email, 'wrong-password-1')
    expect(known.res.status).toBe(401)
    expect(known.events).toEqual([{ kind: 'login_failed', subject: `customer_${id}`, ip: IP, detail: { grant: 'customer', reason: 'wrong_secret' } }])

    const unknown = uniqueEmail('nobody')
    const attempt = await login(unknown, 'wrong-password-2')
    expect(attempt.res.status).toBe(401)
    expect(attempt.events).toEqual([{ kind: 'login_failed', subject: null, ip: IP, detail: { grant: 'customer', reason: 'unknown_account' } }])
    const all = JSON.stringify((await env.DB.prepare('select * from security_events').all()).results)
    expect(all).not.toContain(unknown.split('@')[0])
  })

  it('twofa_failed for a right password with a wrong second-factor code (the shop answered twofa_invalid)', async () => {
    // Customer 6 of the seed: an edge copy with the second factor on (README "Demo accounts").
    const [id, email] = [6, 'twofa@example.com']
    const code = await wrongCode()
    secretsSeen.push(email, code)
    const { res, events } = await send('/auth/token', { body: { email, password: 'password123', twofa_code: code } })
    expect(res.status).toBe(401)
    expect(await res.json()).toMatchObject({ error: 'twofa_invalid', code: 401 })
    expect(events).toEqual([{ kind: 'twofa_failed', subject: `customer_${id}`, ip: IP, detail: { grant: 'customer', reason: 'twofa_invalid' } }])
  })

  it('login_locked once the lockout holds', async () => {
    const { id, email } = await createCustomer()
    const strict = { LOCKOUT_MAX_FAILURES: '2' }
    await login(email, 'wrong-1', strict)
    await login(email, 'wrong-2', strict)
    const { res, events } = await login(email, 'password123', strict)
    expect(res.status).toBe(429)
    expect(events).toEqual([{ kind: 'login_locked', subject: `customer_${id}`, ip: IP, detail: { grant: 'customer', retryAfter: expect.any(Number) } }])
  })

  it('logout and logout_everywhere', async () => {
    const token = await mint(customerClaims(2, 'other@example.com'))
    const one = await send('/auth/logout', { headers: bearer(token) })
    expect(one.res.status).toBe(200)
    expect(one.events).toEqual([{ kind: 'logout', subject: 'customer_2', ip: IP, detail: { via: 'bearer' } }])
    const all = await send('/auth/logout', { headers: bearer(await mint(customerClaims(3, 'legacy@example.com'))), body: { everywhere: true } })
    expect(all.events).toEqual([{ kind: 'logout_everywhere', subject: 'customer_3', ip: IP, detail: { via: 'bearer' } }])
  })

  it('token_revoked (RFC 7009), by the holder and by a client for its own token', async () => {
    const token = await mint(customerClaims(1))
    secretsSeen.push(token)
    const byHolder = await callWith(UNLIMITED, '/auth/revoke', {
      method: 'POST',
      headers: { ...bearer(token), 'Content-Type': 'application/x-www-form-urlencoded', 'CF-Connecting-IP': IP },
      body: `token=${token}`,
    })
    expect(byHolder.status).toBe(200)
    const rows = await env.DB.prepare('select kind, subject, detail from security_events where request_id = ?').bind(byHolder.headers.get('X-Request-Id')).all()
    expect(rows.results).toEqual([{ kind: 'token_revoked', subject: 'customer_1', detail: JSON.stringify({ token: 'access', by: 'holder' }) }])

    const own = await mint(serviceClaims(1))
    const body = new URLSearchParams({ token: own, client_id: 'maho_00000000000000000000000000000001', client_secret: 'demo-admin-secret' })
    secretsSeen.push(own, 'demo-admin-secret')
    const byClient = await callWith(UNLIMITED, '/auth/revoke', {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: body.toString(),
    })
    expect(byClient.status).toBe(200)
    const kinds = await env.DB.prepare('select kind, subject, detail from security_events where request_id = ?')
      .bind(byClient.headers.get('X-Request-Id'))
      .all()
    expect(kinds.results).toContainEqual({ kind: 'token_revoked', subject: 'api_user_1', detail: JSON.stringify({ token: 'access', by: 'client' }) })
  })

  it('refresh_reuse when a rotated refresh token comes back', async () => {
    const { id, email } = await createCustomer()
    const first = await login(email)
    const r1 = (await first.res.json<{ refreshToken: string }>()).refreshToken
    secretsSeen.push(r1)
    const noGrace = { REFRESH_GRACE_SECONDS: '0' }
    const r2 = (
      await (await send('/auth/token', { body: { grant_type: 'refresh_token', refresh_token: r1 }, env: noGrace })).res.json<{ refreshToken: string }>()
    ).refreshToken
    await send('/auth/token', { body: { grant_type: 'refresh_token', refresh_token: r2 }, env: noGrace })
    const reuse = await send('/auth/token', { body: { grant_type: 'refresh_token', refresh_token: r1 }, env: noGrace })
    expect(reuse.res.status).toBe(400)
    expect(reuse.events).toEqual([{ kind: 'refresh_reuse', subject: `customer_${id}`, ip: IP, detail: { family: expect.stringMatching(/^[0-9a-f]{32}$/) } }])
  })

  it('password_changed when the shop accepted a change through the gateway (write-through)', async () => {
    const { id, email } = await createCustomer()
    const token = await mint(customerClaims(id, email))
    secretsSeen.push('a-new-password-456')
    const { res, events } = await send('/customers/me/password', {
      headers: bearer(token),
      body: { currentPassword: 'password123', newPassword: 'a-new-password-456' },
    })
    expect(res.status).toBe(200)
    expect(events).toEqual([{ kind: 'password_changed', subject: `customer_${id}`, ip: IP, detail: { reason: 'password_changed', route: 'password_change' } }])
  })

  it('cache_purged, with the scope only', async () => {
    const { res, events } = await send('/edge-cache/purge', { headers: bearer(await mint(serviceClaims(1))), body: { path: '/api/rest/v2/products/1' } })
    expect(res.status).toBe(200)
    expect(events).toEqual([{ kind: 'cache_purged', subject: 'api_user_1', ip: IP, detail: { scope: 'path' } }])
  })

  it('config_error, with what to fix for the operator and nothing of the value', async () => {
    const { res, events } = await login('customer@example.com', 'password123', { JWT_SECRET: 'too-short' })
    expect(res.status).toBe(500)
    expect(events).toEqual([{ kind: 'config_error', subject: null, ip: IP, detail: { message: expect.stringContaining('JWT_SECRET') } }])
    expect(JSON.stringify(events)).not.toContain('too-short')
    // One refusal, one line: no middleware after the handler reads the broken config again.
    const lines = logs.mock.calls.map((args) => JSON.parse(String(args[0])) as Record<string, unknown>)
    expect(lines.filter((line) => line.event === 'config_error' && line.requestId === res.headers.get('X-Request-Id'))).toHaveLength(1)
  })

  it('no password, secret, token or email of this file reached the table', async () => {
    const all = JSON.stringify((await env.DB.prepare('select * from security_events').all()).results)
    expect(secretsSeen.length).toBeGreaterThan(10)
    for (const secret of secretsSeen) expect(all).not.toContain(secret)
    expect(all).not.toContain('@')
  })
})

describe('recording never costs the answer', () => {
  it('a D1 that refuses the event still answers the login 200, and the loss is logged', async () => {
    const { email } = await createCustomer()
    const { res } = await login(email, 'password123', { DB: brokenD1(/security_event/) })
    expect(res.status).toBe(200)
    const lost = logs.mock.calls.map((args) => JSON.parse(String(args[0])) as Record<string, unknown>).filter((l) => l.event === 'security_event_lost')
    expect(lost).toEqual([expect.objectContaining({ kind: 'login_succeeded', error: 'GatehouseError' })])
  })
})

describe('a burst cannot fill D1', () => {
  it(`a parallel burst of failed logins from one IP keeps ${BURST_CAP.perActor} rows a minute, and counts the rest`, async () => {
    const ip = '198.51.100.77'
    const email = uniqueEmail('burst')
    const lenient = { ...UNLIMITED, LOCKOUT_MAX_FAILURES: '1000' }
    const burst = await Promise.all(
      Array.from({ length: BURST_CAP.perActor + 6 }, () =>
        callWith(lenient, '/auth/token', {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', 'CF-Connecting-IP': ip },
          body: JSON.stringify({ email, password: 'nope-nope' }),
        }),
      ),
    )
    expect(burst.map((r) => r.status)).toEqual(burst.map(() => 401))
    const stored = await env.DB.prepare("select count(*) as n from security_events where ip = ? and kind = 'login_failed'").bind(ip).first<{ n: number }>('n')
    const counted = await env.DB.prepare("select sum(count) as n from security_event_bursts where actor = ? and kind = 'login_failed'")
      .bind(ip)
      .first<{ n: number }>('n')
    // Within one minute the cap holds exactly; a burst that straddles a minute may keep up to twice.
    expect(stored).toBeGreaterThanOrEqual(BURST_CAP.perActor)
    expect(stored).toBeLessThanOrEqual(2 * BURST_CAP.perActor)
    expect(counted).toBe(BURST_CAP.perActor + 6)
  })

  it('the cap is per actor: one subject over its cap does not crowd out another', async () => {
    const at = 1_500_000_000
    const row = (subject: string, n: number) => ({
      id: `${subject.replace(/\D/g, '').padStart(8, '0')}${String(n).padStart(24, '0')}`,
      at,
      kind: 'login_failed',
      subject,
      ip: null,
      requestId: null,
      detail: {},
    })
    await Promise.all(Array.from({ length: BURST_CAP.perActor + 10 }, (_, n) => recordSecurityEvent(env.DB, row('customer_7001', n))))
    await recordSecurityEvent(env.DB, row('customer_7002', 0))
    const count = (subject: string) =>
      env.DB.prepare('select count(*) as n from security_events where subject = ? and at = ?').bind(subject, at).first<number>('n')
    expect(await count('customer_7001')).toBe(BURST_CAP.perActor)
    expect(await count('customer_7002')).toBe(1)
  })
})
