// Never a kept answer for an authorised request, never an authorised answer kept; no client trick
// forces a trip to the shop or poisons the cache; no shop answer unfit for sharing is kept.
import { describe, expect, it } from 'vitest'
import type { Env } from '../../src/core/env'
import { ANSWERS } from '../helpers/answers'
import { originHits } from '../helpers/origin'
import { bearer, customerClaims, mint, serviceClaims } from '../helpers/tokens'
import { catalogue, shopAnswers } from './helpers'

const customerToken = () => mint(customerClaims(1))

// A kept answer exists for the path; then the row's request: what it gets, and whether the shop saw it.
const AGAINST_A_KEPT_ANSWER: Array<{
  name: string
  headers: () => Promise<Record<string, string>>
  status: number
  cache: string | null
  reachesShop: boolean
  body?: unknown
  env?: Partial<Env>
}> = [
  { name: 'a customer token', headers: async () => bearer(await customerToken()), status: 200, cache: 'BYPASS', reachesShop: true },
  { name: 'a service token', headers: async () => bearer(await mint(serviceClaims(1, 'admin', ['all']))), status: 200, cache: 'BYPASS', reachesShop: true },
  {
    name: 'a forged token',
    headers: async () => bearer(`${await customerToken()}x`),
    status: 401,
    cache: null,
    reachesShop: false,
    body: ANSWERS.invalidToken,
  },
  { name: 'an empty Authorization', headers: async () => ({ Authorization: '' }), status: 401, cache: null, reachesShop: false, body: ANSWERS.invalidToken },
  {
    name: 'Basic credentials',
    headers: async () => ({ Authorization: 'Basic YWRtaW46YWRtaW4=' }),
    status: 401,
    cache: null,
    reachesShop: false,
    body: ANSWERS.invalidToken,
  },
  // The access cookie stands for a Bearer (docs/sessions.md): verified the same way, refused the same way.
  { name: 'a session cookie', headers: async () => ({ Cookie: `__Host-gh_access=${await customerToken()}` }), status: 200, cache: 'BYPASS', reachesShop: true },
  {
    name: 'a forged session cookie',
    headers: async () => ({ Cookie: '__Host-gh_access=abc' }),
    status: 401,
    cache: null,
    reachesShop: false,
    body: ANSWERS.invalidToken,
  },
  {
    name: 'a refresh session cookie among others',
    headers: async () => ({ Cookie: 'theme=dark; __Host-gh_refresh=xyz' }),
    status: 200,
    cache: 'BYPASS',
    reachesShop: true,
  },
  { name: 'a session cookie name in another case', headers: async () => ({ Cookie: '__host-GH_access=abc' }), status: 200, cache: 'BYPASS', reachesShop: true },
  // The shop may vary on any cookie without saying so (Maho's storefront reads `store`).
  { name: 'an unrelated cookie', headers: async () => ({ Cookie: 'theme=dark' }), status: 200, cache: 'BYPASS', reachesShop: true },
  { name: 'a store cookie', headers: async () => ({ Cookie: 'store=de' }), status: 200, cache: 'BYPASS', reachesShop: true },
  {
    name: 'only cookies the operator lists as never mattering',
    headers: async () => ({ Cookie: '_ga=GA1.2.3; _gid=x' }),
    status: 200,
    cache: 'HIT',
    reachesShop: false,
    env: { EDGE_CACHE_IGNORED_COOKIES: '_ga, _gid' },
  },
  {
    name: 'a listed cookie and another',
    headers: async () => ({ Cookie: '_ga=GA1.2.3; store=de' }),
    status: 200,
    cache: 'BYPASS',
    reachesShop: true,
    env: { EDGE_CACHE_IGNORED_COOKIES: '_ga' },
  },
  { name: 'another Accept-Encoding', headers: async () => ({ 'Accept-Encoding': 'identity' }), status: 200, cache: 'MISS', reachesShop: true },
  { name: 'a Range', headers: async () => ({ Range: 'bytes=0-10' }), status: 200, cache: 'BYPASS', reachesShop: true },
  { name: 'Cache-Control: no-cache', headers: async () => ({ 'Cache-Control': 'no-cache' }), status: 200, cache: 'HIT', reachesShop: false },
  {
    name: 'Cache-Control: no-store, max-age=0',
    headers: async () => ({ 'Cache-Control': 'no-store, max-age=0' }),
    status: 200,
    cache: 'HIT',
    reachesShop: false,
  },
  { name: 'Pragma: no-cache', headers: async () => ({ Pragma: 'no-cache' }), status: 200, cache: 'HIT', reachesShop: false },
]

describe('requests against a kept answer', () => {
  for (const row of AGAINST_A_KEPT_ANSWER) {
    it(`${row.name}: ${row.status} ${row.cache ?? 'unlabelled'}, ${row.reachesShop ? 'from the shop' : 'shop not asked'}`, async () => {
      const item = catalogue()
      const kept = await item.get()
      expect(kept.cache).toBe('MISS')
      const seen = await item.get({ headers: await row.headers() }, row.env)
      expect({ status: seen.status, cache: seen.cache }).toEqual({ status: row.status, cache: row.cache })
      if (row.body) expect(JSON.parse(seen.body)).toEqual(row.body)
      expect(await originHits(item.probe)).toBe(row.reachesShop ? 2 : 1)
      if (row.reachesShop) expect(seen.body).not.toBe(kept.body)
      // Whatever the row did, the kept anonymous answer is still the one anonymous readers get.
      const after = await item.get()
      expect([after.cache, after.body]).toEqual(['HIT', kept.body])
    })
  }
})

// The row's request comes first, on a path nobody asked for; then an anonymous read must not get its answer.
const NEVER_KEPT_FROM: Array<{ name: string; headers: () => Promise<Record<string, string>> }> = [
  { name: 'a customer token', headers: async () => bearer(await customerToken()) },
  { name: 'an unrelated cookie', headers: async () => ({ Cookie: 'theme=dark' }) },
  { name: 'a session cookie', headers: async () => ({ Cookie: `__Host-gh_access=${await customerToken()}` }) },
  { name: 'a Range', headers: async () => ({ Range: 'bytes=0-10' }) },
]

describe('answers never kept', () => {
  for (const row of NEVER_KEPT_FROM) {
    it(`an answer to ${row.name} is not kept for anonymous readers`, async () => {
      const item = catalogue()
      const first = await item.get({ headers: await row.headers() })
      expect(first.cache).toBe('BYPASS')
      const anonymous = await item.get()
      expect(anonymous.cache).toBe('MISS')
      expect(JSON.parse(anonymous.body).receivedHeaders).not.toHaveProperty('authorization')
      expect(JSON.parse(anonymous.body).receivedHeaders).not.toHaveProperty('cookie')
    })
  }

  it('a token in the query is refused, never looked up or kept', async () => {
    const item = catalogue()
    const token = await customerToken()
    const refused = await item.get({}, {}, `${item.path}&access_token=${token}`)
    expect([refused.status, JSON.parse(refused.body), refused.cache]).toEqual([400, ANSWERS.tokenInQuery, null])
    expect(await originHits(item.probe)).toBe(0)
  })

  const UNFIT: Array<{ name: string; answer: Record<string, string> }> = [
    { name: 'Set-Cookie', answer: { 'Set-Cookie': 'frontend=abc; Path=/' } },
    { name: 'Vary: *', answer: { Vary: '*' } },
    { name: 'Vary: Cookie', answer: { Vary: 'Accept, Cookie' } },
    { name: 'Vary: Authorization', answer: { Vary: 'Authorization' } },
    { name: 'Cache-Control: private', answer: { 'Cache-Control': 'private, max-age=60' } },
    { name: 'Cache-Control: public, private="Set-Cookie"', answer: { 'Cache-Control': 'public, max-age=60, private="Set-Cookie"' } },
    { name: 'Cache-Control: no-store', answer: { 'Cache-Control': 'public, max-age=60, no-store' } },
    { name: 'Cache-Control: no-cache', answer: { 'Cache-Control': 'public, max-age=60, no-cache' } },
    { name: 'Cache-Control without public', answer: { 'Cache-Control': 'max-age=60' } },
    { name: 'Cache-Control: public without a lifetime', answer: { 'Cache-Control': 'public' } },
    { name: 'no Cache-Control at all', answer: { 'Cache-Control': '' } },
    { name: 'a lifetime the shop already used up (Age)', answer: { 'Cache-Control': 'public, max-age=60', Age: '120', ETag: '' } },
    { name: 'a malformed max-age', answer: { 'Cache-Control': 'public, max-age=sixty' } },
    { name: 'a shop error status', answer: { 'X-Unused': '1' } },
  ]
  for (const row of UNFIT) {
    it(`a shop answer with ${row.name} is passed on but never kept`, async () => {
      const item = catalogue()
      const init = { headers: { ...shopAnswers(row.answer), ...(row.name === 'a shop error status' ? { 'X-Demo-Status': '503' } : {}) } }
      const first = await item.get(init)
      expect(first.cache).toBe('MISS')
      if (row.answer['Set-Cookie']) expect(first.headers.get('set-cookie')).toBe(row.answer['Set-Cookie'])
      expect((await item.get(init)).cache).toBe('MISS')
      expect(await originHits(item.probe)).toBe(2)
    })
  }

  it('a shop answer varying on Accept-Encoding is kept per Accept-Encoding: each reader gets the one for its own', async () => {
    const item = catalogue()
    const gzip = { headers: { ...shopAnswers({ Vary: 'Accept-Encoding' }), 'Accept-Encoding': 'gzip' } }
    const identity = { headers: { ...shopAnswers({ Vary: 'Accept-Encoding' }), 'Accept-Encoding': 'identity' } }
    expect((await item.get(gzip)).cache).toBe('MISS')
    expect((await item.get(identity)).cache).toBe('MISS')
    expect((await item.get(gzip)).cache).toBe('HIT')
    expect((await item.get(identity)).cache).toBe('HIT')
    expect(await originHits(item.probe)).toBe(2)
  })

  it("the demo shop's echo is private unless a test asks for a public catalogue answer: never kept", async () => {
    const item = catalogue()
    const first = await item.get({ headers: { 'X-Demo-Cache': 'private' } })
    expect([first.cache, first.headers.get('cache-control')]).toEqual(['MISS', 'private'])
    expect((await item.get({ headers: { 'X-Demo-Cache': 'private' } })).cache).toBe('MISS')
    expect(await originHits(item.probe)).toBe(2)
  })

  it('a shop answer that varies only on keyed headers (Accept) is kept', async () => {
    const item = catalogue()
    const init = { headers: shopAnswers({ Vary: 'Accept, Accept-Encoding' }) }
    expect((await item.get(init)).cache).toBe('MISS')
    expect((await item.get(init)).cache).toBe('HIT')
  })

  it('a parallel burst of anonymous and authorised reads: authorised ones never get a kept answer', async () => {
    const item = catalogue()
    await item.get()
    const token = await customerToken()
    const seen = await Promise.all(Array.from({ length: 20 }, (_, i) => item.get(i % 2 ? { headers: bearer(token) } : {})))
    for (const [i, answer] of seen.entries()) {
      const echo = JSON.parse(answer.body) as { receivedHeaders: Record<string, string> }
      if (i % 2) expect([answer.cache, echo.receivedHeaders.authorization]).toEqual(['BYPASS', `Bearer ${token}`])
      else expect([answer.cache, echo.receivedHeaders.authorization]).toEqual(['HIT', undefined])
    }
  })
})
