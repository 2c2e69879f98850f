// One case table, run against the compiled trie and the naive reference matcher, so the fast one
// is held to the obvious one's answers.
import { describe, expect, it } from 'vitest'
import { compileRouteTable } from './compile-route-table'
import { parseRouteTable } from './parse-route-table'
import { referenceMatcher } from './reference-matcher'
import { defaultRouteTable } from './route-matcher'
import type { RouteMatch, RouteMatcher, RouteRule } from './types'

type Outcome = { matched: string; params?: Record<string, string> } | { allow: string[] } | 'not_found'

interface Case {
  name: string
  method: string
  path: string
  outcome: Outcome
}

const CASES: Case[] = [
  { name: 'static /customers/me beats /customers/{id}', method: 'GET', path: '/customers/me', outcome: { matched: 'GET /customers/me', params: {} } },
  { name: 'a numeric id takes /customers/{id}', method: 'GET', path: '/customers/7', outcome: { matched: 'GET /customers/{id}', params: { id: '7' } } },
  {
    name: 'static me beats {customerId} one level deeper',
    method: 'GET',
    path: '/customers/me/addresses',
    outcome: { matched: 'GET /customers/me/addresses', params: {} },
  },
  {
    name: 'an explicit customer id reaches the admin addresses rule',
    method: 'GET',
    path: '/customers/7/addresses',
    outcome: { matched: 'GET /customers/{customerId}/addresses', params: { customerId: '7' } },
  },
  {
    name: 'static forgot-password beats {id} for POST',
    method: 'POST',
    path: '/customers/forgot-password',
    outcome: { matched: 'POST /customers/forgot-password', params: {} },
  },
  {
    name: 'static wishlist/sync beats wishlist/{id}',
    method: 'POST',
    path: '/customers/me/wishlist/sync',
    outcome: { matched: 'POST /customers/me/wishlist/sync', params: {} },
  },
  {
    name: 'nested params bind by name',
    method: 'DELETE',
    path: '/products/5/custom-options/9',
    outcome: { matched: 'DELETE /products/{productId}/custom-options/{id}', params: { productId: '5', id: '9' } },
  },
  {
    name: '{path} spans several segments',
    method: 'DELETE',
    path: '/media/catalog/product/a/b.jpg',
    outcome: { matched: 'DELETE /media/{path}', params: { path: 'catalog/product/a/b.jpg' } },
  },
  { name: '{path} takes a single segment', method: 'DELETE', path: '/media/b.jpg', outcome: { matched: 'DELETE /media/{path}', params: { path: 'b.jpg' } } },
  { name: '{path} needs at least one segment', method: 'DELETE', path: '/media', outcome: { allow: ['GET', 'HEAD', 'POST'] } },
  { name: '{path} with an empty segment inside is not found', method: 'DELETE', path: '/media/a//b', outcome: 'not_found' },
  { name: '{path} with a trailing slash is not found', method: 'DELETE', path: '/media/a/', outcome: 'not_found' },
  { name: 'GET on a {path} URL is 405 with DELETE allowed', method: 'GET', path: '/media/a/b', outcome: { allow: ['DELETE'] } },
  {
    name: 'a two-segment media path falls back to /{storeCode}/config only for config',
    method: 'GET',
    path: '/media/config',
    outcome: { matched: 'GET /{storeCode}/config', params: { storeCode: 'media' } },
  },
  {
    name: '/{storeCode}/config loses to a deeper customer rule',
    method: 'GET',
    path: '/customers/config',
    outcome: { matched: 'GET /customers/{id}', params: { id: 'config' } },
  },
  {
    name: '/{storeCode}/config loses to an admin rule',
    method: 'GET',
    path: '/coupons/config',
    outcome: { matched: 'GET /coupons/{id}', params: { id: 'config' } },
  },
  { name: 'static contact/config beats /{storeCode}/config', method: 'GET', path: '/contact/config', outcome: { matched: 'GET /contact/config', params: {} } },
  { name: 'HEAD takes the GET rule', method: 'HEAD', path: '/products/12', outcome: { matched: 'GET /products/{id}', params: { id: '12' } } },
  { name: 'PATCH on a product is 405 listing what is allowed', method: 'PATCH', path: '/products/12', outcome: { allow: ['GET', 'HEAD', 'PUT', 'DELETE'] } },
  { name: 'POST /customers/me is 405', method: 'POST', path: '/customers/me', outcome: { allow: ['GET', 'HEAD', 'PUT'] } },
  {
    name: 'DELETE /customers/me/addresses is 405 with both rules’ methods',
    method: 'DELETE',
    path: '/customers/me/addresses',
    outcome: { allow: ['GET', 'HEAD', 'POST'] },
  },
  { name: 'HEAD on a POST-only path is 405', method: 'HEAD', path: '/auth/token', outcome: { allow: ['POST'] } },
  { name: 'OPTIONS is not a table method', method: 'OPTIONS', path: '/products', outcome: { allow: ['GET', 'HEAD', 'POST'] } },
  { name: 'a lower-case method is not GET', method: 'get', path: '/products', outcome: { allow: ['GET', 'HEAD', 'POST'] } },
  { name: 'an unknown path is not found', method: 'GET', path: '/nope', outcome: 'not_found' },
  { name: 'an unknown tail is not found', method: 'GET', path: '/products/12/nope', outcome: 'not_found' },
  { name: 'matching is case-sensitive', method: 'GET', path: '/Customers/me', outcome: 'not_found' },
  { name: 'a case variant of me is an id, not me', method: 'GET', path: '/customers/ME', outcome: { matched: 'GET /customers/{id}', params: { id: 'ME' } } },
  { name: 'a trailing slash is not found, never another rule', method: 'GET', path: '/customers/me/', outcome: 'not_found' },
  { name: 'a trailing slash on a collection is not found', method: 'GET', path: '/customers/', outcome: 'not_found' },
  { name: 'an empty segment is not found', method: 'GET', path: '/customers//addresses', outcome: 'not_found' },
  { name: 'a leading empty segment is not found', method: 'GET', path: '//customers/me', outcome: 'not_found' },
  { name: 'the root is not found', method: 'GET', path: '/', outcome: 'not_found' },
  { name: 'a path without a leading slash is not found', method: 'GET', path: 'customers/me', outcome: 'not_found' },
  { name: 'the empty path is not found', method: 'GET', path: '', outcome: 'not_found' },
]

const describeOutcome = (m: RouteMatch): Outcome =>
  m.kind === 'matched'
    ? { matched: `${m.rule.method} ${m.rule.template}`, params: { ...m.params } }
    : m.kind === 'method_not_allowed'
      ? { allow: [...m.allow] }
      : 'not_found'

const shopRules = parseRouteTable(defaultRouteTable)
const MATCHERS: [string, (rules: readonly RouteRule[]) => RouteMatcher][] = [
  ['compiled trie', compileRouteTable],
  ['reference matcher', referenceMatcher],
]

for (const [name, build] of MATCHERS) {
  describe(`${name} on the shop table`, () => {
    const matcher = build(shopRules)
    it.each(CASES)('$name ($method $path)', ({ method, path, outcome }) => {
      expect(describeOutcome(matcher.match(method, path))).toEqual(outcome)
    })
  })
}

describe('a generated 10,000-route table', () => {
  const N = 2_500
  const lines: string[] = []
  for (let i = 0; i < N; i++) {
    lines.push(`GET\t/r${i}/items\tpublic\t-`)
    lines.push(`GET\t/r${i}/items/{id}\tadmin\tr${i}/read`)
    lines.push(`GET\t/r${i}/items/me\tcustomer\t-`)
    lines.push(`DELETE\t/r${i}/files/{path}\tadmin\tr${i}/delete`)
  }
  const rules = parseRouteTable(lines.join('\n'))
  const trie = compileRouteTable(rules)

  it('compiles all 10,000 rules', () => {
    expect(rules).toHaveLength(10_000)
    expect(trie.rules).toHaveLength(10_000)
  })

  it('matches every resource to its own rules', () => {
    const wrong: string[] = []
    for (let i = 0; i < N; i++) {
      const expectations: [string, string, string, Record<string, string>][] = [
        ['GET', `/r${i}/items`, `/r${i}/items`, {}],
        ['GET', `/r${i}/items/${i}`, `/r${i}/items/{id}`, { id: String(i) }],
        ['GET', `/r${i}/items/me`, `/r${i}/items/me`, {}],
        ['DELETE', `/r${i}/files/a/${i}.txt`, `/r${i}/files/{path}`, { path: `a/${i}.txt` }],
      ]
      for (const [method, path, template, params] of expectations) {
        const m = trie.match(method, path)
        if (m.kind !== 'matched' || m.rule.template !== template || JSON.stringify(m.params) !== JSON.stringify(params)) wrong.push(`${method} ${path}`)
      }
    }
    expect(wrong).toEqual([])
  })

  it('answers misses with 404 and 405 as the reference does', () => {
    const reference = referenceMatcher(rules)
    const probes = [
      ['POST', '/r17/items'],
      ['GET', `/r${N}/items`],
      ['GET', '/r5/files/x'],
      ['GET', '/r5/items/1/2'],
      ['PUT', '/r2499/items/me'],
      ['GET', '/r5/items/'],
    ] as const
    for (const [method, path] of probes) {
      expect(describeOutcome(trie.match(method, path))).toEqual(describeOutcome(reference.match(method, path)))
    }
    expect(describeOutcome(trie.match('POST', '/r17/items'))).toEqual({ allow: ['GET', 'HEAD'] })
    expect(trie.match('GET', `/r${N}/items`).kind).toBe('not_found')
  })
})

describe('params', () => {
  it('binds a parameter named __proto__ as a plain key', () => {
    const matcher = compileRouteTable(parseRouteTable('GET\t/x/{__proto__}\tpublic\t-'))
    const m = matcher.match('GET', '/x/polluted')
    // biome-ignore lint/suspicious/noProto: a route parameter named __proto__ is the attack under test
    expect(m.kind === 'matched' && Object.hasOwn(m.params, '__proto__') && m.params.__proto__).toBe('polluted')
    expect(Object.getPrototypeOf({})).toBe(Object.prototype)
  })
})
