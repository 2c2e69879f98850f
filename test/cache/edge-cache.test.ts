import { describe, expect, it } from 'vitest'
import { originHits } from '../helpers/origin'
import { catalogue, shopAnswers } from './helpers'

describe('the edge cache keeps what the shop marks public', () => {
  it('a first read is a MISS from the shop, the next a HIT from the cache with Age, same body and ETag', async () => {
    const item = catalogue()
    const first = await item.get()
    const second = await item.get()
    expect([first.status, first.cache, second.status, second.cache]).toEqual([200, 'MISS', 200, 'HIT'])
    expect(second.body).toBe(first.body)
    expect(second.headers.get('etag')).toBe(first.headers.get('etag'))
    expect(second.headers.get('cache-control')).toBe('public, max-age=60, stale-while-revalidate=30')
    expect(Number(second.headers.get('age'))).toBeGreaterThanOrEqual(0)
    expect(second.headers.get('x-request-id')).not.toBe(first.headers.get('x-request-id'))
    for (const internal of ['x-gatehouse-stored-at', 'x-gatehouse-path', 'cf-cache-status']) expect(second.headers.get(internal)).toBeNull()
    expect(await originHits(item.probe)).toBe(1)
  })

  const KEY_PARTS: Array<{ name: string; first: Record<string, string>; second: Record<string, string> }> = [
    { name: 'Accept', first: { Accept: 'application/json' }, second: { Accept: 'application/ld+json' } },
    { name: 'X-Store-Code', first: { 'X-Store-Code': 'en' }, second: { 'X-Store-Code': 'de' } },
    { name: 'X-Store-Code absent vs empty', first: {}, second: { 'X-Store-Code': '' } },
    { name: 'X-Currency-Code', first: { 'X-Currency-Code': 'EUR' }, second: { 'X-Currency-Code': 'USD' } },
    {
      name: 'a store code holding a slash',
      first: { 'X-Store-Code': 'a/b', 'X-Currency-Code': 'c' },
      second: { 'X-Store-Code': 'a', 'X-Currency-Code': 'b/c' },
    },
  ]
  for (const row of KEY_PARTS) {
    it(`keys on ${row.name}: a different value is a MISS of its own, the same a HIT`, async () => {
      const item = catalogue()
      expect((await item.get({ headers: row.first })).cache).toBe('MISS')
      expect((await item.get({ headers: row.second })).cache).toBe('MISS')
      expect((await item.get({ headers: row.first })).cache).toBe('HIT')
      expect((await item.get({ headers: row.second })).cache).toBe('HIT')
      expect(await originHits(item.probe)).toBe(2)
    })
  }

  it('keys on ?store= (the query as forwarded), not on headers the shop does not vary on', async () => {
    const item = catalogue()
    expect((await item.get({}, {}, `${item.path}&store=en`)).cache).toBe('MISS')
    expect((await item.get({}, {}, `${item.path}&store=de`)).cache).toBe('MISS')
    expect((await item.get({ headers: { 'X-Anything': 'else', 'User-Agent': 'other' } }, {}, `${item.path}&store=en`)).cache).toBe('HIT')
  })

  it('HEAD is answered from a kept GET without a body, and a HEAD never fills the cache', async () => {
    const item = catalogue()
    const head = await item.get({ method: 'HEAD' })
    expect([head.status, head.cache, head.body]).toEqual([200, 'MISS', ''])
    expect((await item.get()).cache).toBe('MISS')
    const cachedHead = await item.get({ method: 'HEAD' })
    expect([cachedHead.status, cachedHead.cache, cachedHead.body]).toEqual([200, 'HIT', ''])
    expect(await originHits(item.probe)).toBe(2)
  })

  it("answers a client's matching If-None-Match with 304 from the cache, a stale one with 200", async () => {
    const item = catalogue()
    const first = await item.get()
    const etag = first.headers.get('etag')!
    const same = await item.get({ headers: { 'If-None-Match': etag } })
    expect([same.status, same.cache, same.body, same.headers.get('etag')]).toEqual([304, 'HIT', '', etag])
    const weak = await item.get({ headers: { 'If-None-Match': `"other", W/${etag}` } })
    expect(weak.status).toBe(304)
    const other = await item.get({ headers: { 'If-None-Match': '"something-else"' } })
    expect([other.status, other.cache, other.body]).toEqual([200, 'HIT', first.body])
    expect(await originHits(item.probe)).toBe(1)
  })

  it("fills the cache from a client's conditional MISS: the shop is asked for the whole answer", async () => {
    const item = catalogue()
    const conditional = await item.get({ headers: { 'If-None-Match': '"not-the-etag"' } })
    expect([conditional.status, conditional.cache]).toEqual([200, 'MISS'])
    expect(JSON.parse(conditional.body).receivedHeaders).not.toHaveProperty('if-none-match')
    expect((await item.get()).cache).toBe('HIT')
  })

  it('serves a stale answer at once and revalidates it in the background with If-None-Match (STALE, then HIT)', async () => {
    const item = catalogue()
    const first = await item.get({ headers: shopAnswers({ 'Cache-Control': 'public, max-age=0, stale-while-revalidate=60' }) })
    // The shop now says fresh for a minute: the revalidation's 304 carries that, and renews the copy.
    const fresh = shopAnswers({ 'Cache-Control': 'public, max-age=60' })
    const second = await item.get({ headers: fresh })
    expect([first.cache, second.cache]).toEqual(['MISS', 'STALE'])
    expect(second.body).toBe(first.body)
    expect(await originHits(item.probe)).toBe(2)
    const third = await item.get({ headers: fresh })
    expect([third.cache, third.body, third.headers.get('cache-control')]).toEqual(['HIT', first.body, 'public, max-age=60'])
    expect(await originHits(item.probe)).toBe(2)
  })

  it('revalidates an expired answer that has an ETag before serving it (REVALIDATED, the kept body)', async () => {
    const item = catalogue()
    const mustRevalidate = shopAnswers({ 'Cache-Control': 'public, max-age=0' })
    const first = await item.get({ headers: mustRevalidate })
    const second = await item.get({ headers: mustRevalidate })
    expect([first.cache, second.cache]).toEqual(['MISS', 'REVALIDATED'])
    expect(second.status).toBe(200)
    expect(second.body).toBe(first.body)
    expect(await originHits(item.probe)).toBe(2)
  })

  it('an expired answer without an ETag is fetched whole again', async () => {
    const item = catalogue()
    const noEtag = shopAnswers({ 'Cache-Control': 'public, max-age=0, stale-while-revalidate=0', ETag: '' })
    expect((await item.get({ headers: noEtag })).cache).toBe('MISS')
    expect((await item.get({ headers: noEtag })).cache).toBe('MISS')
    expect(await originHits(item.probe)).toBe(2)
  })

  it("caps the shop's lifetime at EDGE_CACHE_MAX_AGE", async () => {
    const noEtag = shopAnswers({ 'Cache-Control': 'public, max-age=3600', ETag: '' })
    const capped = catalogue()
    expect((await capped.get({ headers: noEtag }, { EDGE_CACHE_MAX_AGE: '0' })).cache).toBe('MISS')
    expect((await capped.get({ headers: noEtag }, { EDGE_CACHE_MAX_AGE: '0' })).cache).toBe('MISS')
    const uncapped = catalogue()
    expect((await uncapped.get({ headers: noEtag })).cache).toBe('MISS')
    expect((await uncapped.get({ headers: noEtag })).cache).toBe('HIT')
  })
})

describe('turning the cache off', () => {
  it('EDGE_CACHE=off: every catalogue read goes to the shop, labelled BYPASS', async () => {
    const item = catalogue()
    const off = { EDGE_CACHE: 'off' }
    expect((await item.get({}, off)).cache).toBe('BYPASS')
    expect((await item.get({}, off)).cache).toBe('BYPASS')
    expect(await originHits(item.probe)).toBe(2)
  })

  it('EDGE_CACHE_OFF_ROUTES: only the listed routes bypass it', async () => {
    const off = { EDGE_CACHE_OFF_ROUTES: '/products/{id}, /cms-pages' }
    const product = catalogue('/products/2')
    const list = catalogue('/products')
    expect((await product.get({}, off)).cache).toBe('BYPASS')
    expect((await product.get({}, off)).cache).toBe('BYPASS')
    expect((await list.get({}, off)).cache).toBe('MISS')
    expect((await list.get({}, off)).cache).toBe('HIT')
  })

  it('routes that are not public GETs carry no cache label at all', async () => {
    const item = catalogue('/customers/me')
    expect((await item.get()).cache).toBeNull()
  })
})
