// GET /auth/events/summary: the gateway's refusals counted in D1 by reason and route (bounded
// writes in the background), and how big and fresh the edge copy is.
import { env } from 'cloudflare:workers'
import { describe, expect, it, vi } from 'vitest'
import { countRefusal } from '../../src/events'
import { ANSWERS } from '../helpers/answers'
import { createCustomer } from '../helpers/accounts'
import { reader, readSummary, storeEvent, type Summary } from '../helpers/events'
import { callWith, wrap } from '../helpers/gateway-env'
import { bearer, customerClaims, mint, serviceClaims } from '../helpers/tokens'

const nowSeconds = () => Math.floor(Date.now() / 1000)

async function summary(since = nowSeconds() - 3600): Promise<Summary> {
  const res = await readSummary(`since=${since}`, await reader())
  expect(res.status).toBe(200)
  expect(res.headers.get('Cache-Control')).toBe('no-store')
  return res.json<Summary>()
}

const byReason = (s: Summary, reason: string) => s.refusals.byReason.find((r) => r.reason === reason)?.count ?? 0
const byRoute = (s: Summary, route: string) => s.refusals.byRoute.find((r) => r.route === route)?.count ?? 0

/** A D1 binding that counts its batches and passes everything through. */
function countingDb() {
  const seen = { batches: 0 }
  const db = wrap(env.DB, {
    batch: (statements: D1PreparedStatement[]) => {
      seen.batches += 1
      return env.DB.batch(statements)
    },
  })
  return { db, seen }
}

describe('refused requests are counted by reason and route', () => {
  it('401s on a customer route and 404s outside the route table show in the summary', async () => {
    const before = await summary()
    for (let i = 0; i < 3; i += 1) expect((await callWith({}, '/customers/me')).status).toBe(401)
    for (let i = 0; i < 2; i += 1) expect((await callWith({}, `/no-such-route-${i}`)).status).toBe(404)
    // An allowed request is not counted.
    expect((await callWith({}, '/products/1')).status).toBe(200)
    const after = await summary()
    expect(byReason(after, 'authentication_required') - byReason(before, 'authentication_required')).toBe(3)
    expect(byReason(after, 'route_not_found') - byReason(before, 'route_not_found')).toBe(2)
    expect(byRoute(after, '/customers/me') - byRoute(before, '/customers/me')).toBe(3)
    expect(byRoute(after, '-') - byRoute(before, '-')).toBe(2)
    // The raw paths are never stored: only templates and `-`.
    const routes = await env.DB.prepare('select distinct route from refusal_counts').all<{ route: string }>()
    expect(routes.results.map((r) => r.route).filter((route) => route.includes('no-such-route'))).toEqual([])
  })

  it('a flood of refusals costs a bounded number of D1 batches', async () => {
    await summary() // writes whatever this isolate held, so the flood starts from an empty tally
    const before = await summary()
    const { db, seen } = countingDb()
    const started = Date.now()
    const FLOOD = 40
    for (let i = 0; i < FLOOD; i += 1) expect((await callWith({ DB: db }, '/customers/me')).status).toBe(401)
    const elapsed = Date.now() - started
    // At most one write per 10 s and per minute boundary crossed (src/events/refusal-tally.ts).
    expect(seen.batches).toBeLessThanOrEqual(Math.floor(elapsed / 10_000) + Math.ceil(elapsed / 60_000) + 1)
    expect(seen.batches).toBeLessThan(FLOOD / 4)
    const after = await summary()
    expect(byReason(after, 'authentication_required') - byReason(before, 'authentication_required')).toBe(FLOOD)
  })

  it('a period starting after the refusals holds none of them', async () => {
    await callWith({}, '/no-such-route-later')
    await summary()
    const later = await summary(nowSeconds() + 120)
    expect(later.refusals).toEqual({ byReason: [], byRoute: [] })
  })

  it('lists at most 10 routes, busiest first', async () => {
    const minute = Math.floor(nowSeconds() / 60)
    for (let i = 0; i < 12; i += 1) {
      await env.DB.prepare("insert into refusal_counts (minute, reason, route, count) values (?, 'forbidden', ?, ?)")
        .bind(minute, `/seeded-${i}`, 1000 + i)
        .run()
    }
    const { refusals } = await summary()
    expect(refusals.byRoute).toHaveLength(10)
    expect(refusals.byRoute[0]).toEqual({ route: '/seeded-11', count: 1011 })
    const counts = refusals.byRoute.map((r) => r.count)
    expect(counts).toEqual([...counts].sort((a, b) => b - a))
  })
})

describe('GET /auth/events/summary refuses', () => {
  const since = `since=${1_000_000_000}`
  const cases = [
    { name: 'no token', query: since, token: async () => undefined, status: 401, body: ANSWERS.noToken },
    {
      name: 'a forged service token',
      query: since,
      token: () => mint(serviceClaims(43, 'ops', ['all']), { key: new TextEncoder().encode('another-secret-that-is-long-enough-0123456789') }),
      status: 401,
      body: ANSWERS.invalidToken,
    },
    { name: 'a customer', query: since, token: () => mint(customerClaims(1)), status: 403, body: ANSWERS.forbidden },
    {
      name: 'a service account without events/read',
      query: since,
      token: () => mint(serviceClaims(2, 'catalog', ['products/all'])),
      status: 403,
      body: ANSWERS.forbidden,
    },
    { name: 'a customer with a bad query still gets 403', query: 'since=soon', token: () => mint(customerClaims(1)), status: 403, body: ANSWERS.forbidden },
    { name: 'since missing', query: '', token: reader, status: 400, body: ANSWERS.badRequest },
    { name: 'since not a number', query: 'since=yesterday', token: reader, status: 400, body: ANSWERS.badRequest },
    { name: 'since negative', query: 'since=-5', token: reader, status: 400, body: ANSWERS.badRequest },
    { name: 'since repeated', query: `${since}&${since}`, token: reader, status: 400, body: ANSWERS.badRequest },
    { name: 'another parameter', query: `${since}&kind=logout`, token: reader, status: 400, body: ANSWERS.badRequest },
  ]
  for (const row of cases) {
    it(`${row.name}: ${row.status}`, async () => {
      const res = await readSummary(row.query, await row.token())
      expect(res.status).toBe(row.status)
      expect(await res.json()).toEqual(row.body)
    })
  }

  it('any method but GET and HEAD: 405', async () => {
    const res = await callWith({}, '/auth/events/summary?since=1', { method: 'POST', headers: bearer(await reader()) })
    expect(res.status).toBe(405)
    expect(res.headers.get('Allow')).toBe('GET, HEAD')
  })

  it('answers a holder of events/all or all', async () => {
    for (const permissions of [['events/all'], ['all']]) {
      expect((await readSummary('since=0', await mint(serviceClaims(43, 'ops', permissions)))).status).toBe(200)
    }
  })
})

describe('the edge copy', () => {
  it('counts the copies and says how fresh they are, with the last sync run', async () => {
    const now = nowSeconds()
    await createCustomer({ confirmedAt: 1_000_000_000 })
    await createCustomer({ confirmedAt: null })
    await env.DB.prepare("insert into service_accounts (id, username, confirmed_at, permissions) values (9901, 'fresh-svc', ?, '[]')")
      .bind(now + 5)
      .run()
    await storeEvent({ at: now - 7200, kind: 'sync_run', detail: { mode: 'full', customers: 1, serviceAccounts: 1, failed: false } })
    await storeEvent({ at: now - 60, kind: 'sync_run', detail: { mode: 'incremental', customers: 4, serviceAccounts: 0, failed: false } })
    const { edgeCopy } = await summary()
    const count = async (table: string) => (await env.DB.prepare(`select count(*) as n from ${table}`).first<number>('n'))!
    expect(edgeCopy).toEqual({
      customers: await count('customers'),
      serviceAccounts: await count('service_accounts'),
      newestConfirmedAt: now + 5,
      oldestConfirmedAt: 1_000_000_000,
      lastSync: { at: now - 60, mode: 'incremental', customers: 4, serviceAccounts: 0, failed: false },
    })
  })
})

describe('a failed write of the counts', () => {
  it('is logged and dropped, never thrown', async () => {
    const logs = vi.spyOn(console, 'log').mockImplementation(() => {})
    const broken = wrap(env.DB, { batch: () => Promise.reject(new Error('D1 is down')) })
    const work: Promise<unknown>[] = []
    // Far enough ahead that a write is due.
    expect(() =>
      countRefusal(broken, (p) => work.push(p), { decision: 'refused', reason: 'forbidden', route: '/orders' }, 'req-1', Date.now() + 3_600_000),
    ).not.toThrow()
    expect(work).toHaveLength(1)
    await Promise.all(work)
    const lines = logs.mock.calls.map((args) => JSON.parse(String(args[0])) as Record<string, unknown>)
    logs.mockRestore()
    expect(lines).toContainEqual(expect.objectContaining({ event: 'refusal_counts_lost', requestId: 'req-1', error: 'GatehouseError' }))
  })
})
