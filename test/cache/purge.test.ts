import { env } from 'cloudflare:workers'
import { describe, expect, it } from 'vitest'
import { callWith, wrap } from '../helpers/gateway-env'
import { ANSWERS } from '../helpers/answers'
import { bearer, customerClaims, mint, serviceClaims } from '../helpers/tokens'
import { catalogue } from './helpers'

const PURGE = '/edge-cache/purge'
const admin = () => mint(serviceClaims(1, 'admin', ['all']))

async function purge(body: unknown, headers: Record<string, string> = {}, overrides = {}): Promise<{ status: number; body: unknown }> {
  const res = await callWith(overrides, PURGE, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  })
  return { status: res.status, body: await res.json() }
}

// Purges take effect for entries stored before them; a few ms apart so a refill never shares the purge's millisecond.
const tick = () => new Promise((resolve) => setTimeout(resolve, 5))

describe('purging the edge cache', () => {
  it('by path: that path (every query and variant) is fetched again, other paths stay', async () => {
    const one = catalogue('/products/1')
    const other = catalogue('/products/2')
    await one.get()
    await one.get({ headers: { 'X-Store-Code': 'de' } })
    await other.get()
    const done = await purge({ path: '/api/rest/v2/products/1' }, bearer(await admin()))
    expect(done).toEqual({
      status: 200,
      body: { purged: { scope: 'path', path: '/api/rest/v2/products/1' }, at: expect.any(String), effectiveWithinSeconds: 65 },
    })
    await tick()
    expect((await one.get()).cache).toBe('MISS')
    expect((await one.get({ headers: { 'X-Store-Code': 'de' } })).cache).toBe('MISS')
    expect((await one.get()).cache).toBe('HIT')
    expect((await other.get()).cache).toBe('HIT')
  })

  it('by prefix: whole segments under it, not a longer name beside it', async () => {
    const inside = catalogue('/categories/2')
    const list = catalogue('/categories')
    const beside = catalogue('/cms-pages/1')
    for (const item of [inside, list, beside]) await item.get()
    expect((await purge({ prefix: '/api/rest/v2/categories' }, bearer(await admin()))).status).toBe(200)
    await tick()
    expect((await inside.get()).cache).toBe('MISS')
    expect((await list.get()).cache).toBe('MISS')
    expect((await beside.get()).cache).toBe('HIT')
  })

  it('everything', async () => {
    const items = [catalogue('/products/3'), catalogue('/countries')]
    for (const item of items) await item.get()
    expect((await purge({ everything: true }, bearer(await admin()))).status).toBe(200)
    await tick()
    for (const item of items) expect((await item.get()).cache).toBe('MISS')
  })

  it('is stored in KV before the answer, one record per purge', async () => {
    const before = (await env.REVOKED.list({ prefix: 'cache-purge:' })).keys.length
    await Promise.all([purge({ path: '/api/rest/v2/products/9' }, bearer(await admin())), purge({ path: '/api/rest/v2/products/8' }, bearer(await admin()))])
    const records = (await env.REVOKED.list<{ scope: string; path: string }>({ prefix: 'cache-purge:' })).keys
    expect(records.length).toBe(before + 2)
    expect(records.map((key) => key.metadata?.path)).toEqual(expect.arrayContaining(['/api/rest/v2/products/9', '/api/rest/v2/products/8']))
  })

  it('answers 503 and purges nothing it did not store when KV refuses the write', async () => {
    const kv = wrap(env.REVOKED, { put: () => Promise.reject(new Error('KV down')) })
    const done = await purge({ everything: true }, bearer(await admin()), { REVOKED: kv })
    expect(done).toEqual({ status: 503, body: ANSWERS.unavailable })
  })

  it('bypasses the cache (fails closed) while the purge list cannot be read', async () => {
    const item = catalogue('/products/4')
    await item.get()
    // A fresh KV object: no purge list remembered for it in this isolate, and its list fails.
    const kv = wrap(env.REVOKED, { list: () => Promise.reject(new Error('KV down')) })
    expect((await item.get({}, { REVOKED: kv })).cache).toBe('BYPASS')
    expect((await item.get({}, { REVOKED: kv })).cache).toBe('BYPASS')
  })
})

describe('the purge list', () => {
  it('is listed once for a burst of cached reads that all find it old, not once per read', async () => {
    const item = catalogue('/products/5')
    // A fresh KV object (no list remembered for it yet) whose list answers after a while, so the
    // whole burst finds it missing at once.
    let lists = 0
    const kv = wrap(env.REVOKED, {
      list: async (options: KVNamespaceListOptions) => {
        lists++
        await new Promise((resolve) => setTimeout(resolve, 20))
        return env.REVOKED.list(options)
      },
    })
    const bindings = { ...env, REVOKED: kv }
    const answers = await Promise.all(Array.from({ length: 20 }, () => item.get({}, bindings)))
    expect(answers.map((a) => a.status)).toEqual(Array(20).fill(200))
    // Read once and trusted by every read of the burst: none bypasses the cache.
    expect(answers.some((a) => a.cache === 'BYPASS')).toBe(false)
    expect(lists).toBe(1)
    // Once read, it is trusted for 5 s: the next read lists nothing.
    expect((await item.get({}, bindings)).cache).not.toBe('BYPASS')
    expect(lists).toBe(1)
  })

  it('a failed list is shared by the burst too: every read bypasses, and KV is asked once', async () => {
    const item = catalogue('/products/6')
    await item.get()
    let lists = 0
    const kv = wrap(env.REVOKED, {
      list: async () => {
        lists++
        await new Promise((resolve) => setTimeout(resolve, 20))
        throw new Error('KV down')
      },
    })
    const bindings = { ...env, REVOKED: kv }
    const answers = await Promise.all(Array.from({ length: 10 }, () => item.get({}, bindings)))
    expect(answers.map((a) => a.cache)).toEqual(Array(10).fill('BYPASS'))
    expect(lists).toBe(1)
  })
})

describe('who may purge, and how', () => {
  const ROWS: Array<{ name: string; headers: () => Promise<Record<string, string>>; body: unknown; status: number; answer: unknown }> = [
    { name: 'no token', headers: async () => ({}), body: { everything: true }, status: 401, answer: ANSWERS.noToken },
    { name: 'a forged token', headers: async () => bearer(`${await admin()}x`), body: { everything: true }, status: 401, answer: ANSWERS.invalidToken },
    {
      name: 'a customer token',
      headers: async () => bearer(await mint(customerClaims(1))),
      body: { everything: true },
      status: 403,
      answer: ANSWERS.forbidden,
    },
    {
      name: 'a service without cache/delete',
      headers: async () => bearer(await mint(serviceClaims(2, 'catalog', ['products/all', 'categories/all']))),
      body: { everything: true },
      status: 403,
      answer: ANSWERS.forbidden,
    },
    {
      name: 'a service with cache/all',
      headers: async () => bearer(await mint(serviceClaims(5, 'ops', ['cache/all']))),
      body: { everything: true },
      status: 200,
      answer: expect.objectContaining({ purged: { scope: 'everything', path: null } }),
    },
    {
      name: 'two scopes at once',
      headers: () => bearer2(),
      body: { everything: true, path: '/api/rest/v2/products' },
      status: 400,
      answer: ANSWERS.badRequest,
    },
    { name: 'everything: false', headers: () => bearer2(), body: { everything: false }, status: 400, answer: ANSWERS.badRequest },
    { name: 'an empty object', headers: () => bearer2(), body: {}, status: 400, answer: ANSWERS.badRequest },
    { name: 'a path outside the API', headers: () => bearer2(), body: { path: '/admin' }, status: 400, answer: ANSWERS.badRequest },
    { name: 'a path with a query', headers: () => bearer2(), body: { path: '/api/rest/v2/products?x=1' }, status: 400, answer: ANSWERS.badRequest },
    {
      name: 'a path that is not canonical',
      headers: () => bearer2(),
      body: { prefix: '/api/rest/v2/products/../customers' },
      status: 400,
      answer: ANSWERS.badRequest,
    },
    { name: 'a path that is a number', headers: () => bearer2(), body: { path: 42 }, status: 400, answer: ANSWERS.badRequest },
    { name: 'not JSON', headers: () => bearer2(), body: 'everything', status: 400, answer: ANSWERS.notJson },
    { name: 'a JSON array', headers: () => bearer2(), body: [{ everything: true }], status: 400, answer: ANSWERS.notJson },
  ]
  for (const row of ROWS) {
    it(`${row.name}: ${row.status}`, async () => {
      const done = await purge(row.body, await row.headers())
      expect(done).toEqual({ status: row.status, body: row.answer })
    })
  }

  it('a form body: 415, as every JSON-only body of another media type', async () => {
    const res = await callWith({}, PURGE, {
      method: 'POST',
      headers: { ...bearer(await admin()), 'Content-Type': 'application/x-www-form-urlencoded' },
      body: 'everything=true',
    })
    expect([res.status, await res.json()]).toEqual([415, ANSWERS.wrongType])
  })

  const SPELLINGS: Array<{ path: string; status: number; answer: unknown }> = [
    { path: '/edge-cache//purge', status: 400, answer: ANSWERS.badPath },
    { path: '/edge-cache/purge/', status: 404, answer: ANSWERS.notFound },
    { path: '/Edge-Cache/purge', status: 404, answer: ANSWERS.notFound },
  ]
  for (const row of SPELLINGS) {
    it(`the purge path spelled ${row.path} never reaches the shop: ${row.status}`, async () => {
      const res = await callWith({}, row.path, {
        method: 'POST',
        headers: { ...bearer(await admin()), 'Content-Type': 'application/json' },
        body: '{"everything":true}',
      })
      expect([res.status, await res.json()]).toEqual([row.status, row.answer])
    })
  }
})

const bearer2 = async () => bearer(await admin())
