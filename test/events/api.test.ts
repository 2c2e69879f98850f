import { env } from 'cloudflare:workers'
import { beforeAll, describe, expect, it } from 'vitest'
import { ANSWERS } from '../helpers/answers'
import { readEvents, reader, storeEvent } from '../helpers/events'
import { callWith } from '../helpers/gateway-env'
import { bearer, customerClaims, mint, serviceClaims } from '../helpers/tokens'

// Rows at fixed times far in the past, so events the suite's own requests record sort after them.
const T = 1_000_000_000
beforeAll(async () => {
  for (let i = 0; i < 5; i += 1) await storeEvent({ at: T + i, kind: i % 2 === 0 ? 'login_failed' : 'logout', subject: `customer_${100 + (i % 2)}` })
})

interface Case {
  name: string
  query: string
  token: () => Promise<string | undefined>
  status: number
  body: unknown
}

const none = async () => undefined
const cases: Case[] = [
  { name: 'no token', query: '', token: none, status: 401, body: ANSWERS.noToken },
  {
    name: 'a forged token',
    query: '',
    token: async () => mint(serviceClaims(1), { key: new TextEncoder().encode('y'.repeat(40)) }),
    status: 401,
    body: ANSWERS.invalidToken,
  },
  { name: 'a customer', query: '', token: () => mint(customerClaims(1)), status: 403, body: ANSWERS.forbidden },
  {
    name: 'a service account without events/read',
    query: '',
    token: () => mint(serviceClaims(2, 'catalog', ['products/all', 'categories/all'])),
    status: 403,
    body: ANSWERS.forbidden,
  },
  { name: 'events/write is not events/read', query: '', token: () => mint(serviceClaims(41, 'w', ['events/write'])), status: 403, body: ANSWERS.forbidden },
  { name: 'a customer with a bad query still gets 403, not 400', query: 'limit=0', token: () => mint(customerClaims(1)), status: 403, body: ANSWERS.forbidden },
  { name: 'limit 0', query: 'limit=0', token: reader, status: 400, body: ANSWERS.badRequest },
  { name: 'limit 501', query: 'limit=501', token: reader, status: 400, body: ANSWERS.badRequest },
  { name: 'limit negative', query: 'limit=-1', token: reader, status: 400, body: ANSWERS.badRequest },
  { name: 'limit not a number', query: 'limit=ten', token: reader, status: 400, body: ANSWERS.badRequest },
  { name: 'limit empty', query: 'limit=', token: reader, status: 400, body: ANSWERS.badRequest },
  { name: 'since not a number', query: 'since=yesterday', token: reader, status: 400, body: ANSWERS.badRequest },
  { name: 'since a fraction', query: 'since=1.5', token: reader, status: 400, body: ANSWERS.badRequest },
  { name: 'unknown kind', query: 'kind=login_maybe', token: reader, status: 400, body: ANSWERS.badRequest },
  { name: 'subject as an email', query: 'subject=customer%40example.com', token: reader, status: 400, body: ANSWERS.badRequest },
  { name: 'subject with SQL', query: "subject=customer_1'%20or%201=1--", token: reader, status: 400, body: ANSWERS.badRequest },
  { name: 'repeated kind', query: 'kind=logout&kind=login_failed', token: reader, status: 400, body: ANSWERS.badRequest },
  { name: 'unknown parameter', query: 'order=desc', token: reader, status: 400, body: ANSWERS.badRequest },
  { name: 'cursor not ours', query: 'cursor=abc', token: reader, status: 400, body: ANSWERS.badRequest },
  { name: 'cursor with a bad id', query: `cursor=${btoa('5.zz').replace(/=+$/, '')}`, token: reader, status: 400, body: ANSWERS.badRequest },
]

describe('GET /auth/events refuses', () => {
  for (const row of cases) {
    it(`${row.name}: ${row.status}`, async () => {
      const res = await readEvents(row.query, await row.token())
      expect(res.status).toBe(row.status)
      expect(await res.json()).toEqual(row.body)
      expect(res.headers.get('Cache-Control')).toBe('no-store')
    })
  }

  it('any method but GET and HEAD: 405', async () => {
    const res = await callWith({}, '/auth/events', { method: 'POST', headers: bearer(await reader()) })
    expect(res.status).toBe(405)
    expect(res.headers.get('Allow')).toBe('GET, HEAD')
    expect(await res.json()).toEqual(ANSWERS.methodNotAllowed)
  })
})

describe('GET /auth/events answers', () => {
  for (const permissions of [['events/read'], ['events/all'], ['all']]) {
    it(`a service account holding ${permissions[0]}`, async () => {
      const res = await readEvents(`since=${T}&limit=1`, await mint(serviceClaims(42, 'ops', permissions)))
      expect(res.status).toBe(200)
      const body = await res.json<{ events: unknown[]; next: string | null }>()
      expect(body.events).toHaveLength(1)
      expect(typeof body.next).toBe('string')
    })
  }

  it('pages in time order by cursor until next is null', async () => {
    const token = await reader()
    const seen: unknown[] = []
    let query = `since=${T}&limit=2`
    for (let page = 0; page < 10; page += 1) {
      const res = await readEvents(query, token)
      expect(res.status).toBe(200)
      const body = await res.json<{ events: { at: number; subject: string }[]; next: string | null }>()
      seen.push(...body.events.filter((e) => e.at < T + 100).map((e) => e.at))
      if (body.next === null) break
      query = `since=${T}&limit=2&cursor=${body.next}`
    }
    expect(seen).toEqual([T, T + 1, T + 2, T + 3, T + 4])
  })

  it('filters by subject, kind and since, together', async () => {
    const res = await readEvents(`subject=customer_100&kind=login_failed&since=${T + 1}`, await reader())
    const body = await res.json<{ events: Record<string, unknown>[]; next: string | null }>()
    expect(body).toEqual({
      events: [
        { id: expect.stringMatching(/^[0-9a-f]{32}$/), at: T + 2, kind: 'login_failed', subject: 'customer_100', ip: '10.9.9.9', requestId: null, detail: {} },
        { id: expect.stringMatching(/^[0-9a-f]{32}$/), at: T + 4, kind: 'login_failed', subject: 'customer_100', ip: '10.9.9.9', requestId: null, detail: {} },
      ],
      next: null,
    })
  })

  it('an empty page: no events, next null', async () => {
    const res = await readEvents('subject=customer_999999', await reader())
    expect(await res.json()).toEqual({ events: [], next: null })
  })

  it('reading is not itself an event, and the table is only read', async () => {
    const before = await env.DB.prepare('select count(*) as n from security_events').first<{ n: number }>()
    await readEvents('', await reader())
    const after = await env.DB.prepare('select count(*) as n from security_events').first<{ n: number }>()
    expect(after).toEqual(before)
  })
})
