import { describe, expect, it } from 'vitest'
import { routeMatcher, type MatchedRoute } from '../policy'
import type { CacheConfig } from '../config'
import { lookupPlan, storagePlan, type LookupPlan, type StoragePlan } from './cacheability'

function route(method: string, path: string): MatchedRoute {
  const match = routeMatcher().match(method, path)
  if (match.kind !== 'matched') throw new Error(`${method} ${path} is not in the route table`)
  return match
}

const ON: CacheConfig = { enabled: true, maxAgeSeconds: 300, offRoutes: new Set(['/cms-pages/{id}']), ignoredCookies: new Set(['_ga', 'note']) }
const PRODUCT = route('GET', '/products/1')

describe('lookupPlan', () => {
  const ROWS: Array<{ name: string; method?: string; route?: MatchedRoute; headers?: Record<string, string>; config?: CacheConfig; plan: LookupPlan }> = [
    { name: 'anonymous GET of a public route', plan: { kind: 'lookup' } },
    { name: 'anonymous HEAD of a public route', method: 'HEAD', plan: { kind: 'lookup' } },
    { name: 'POST', method: 'POST', route: route('POST', '/customers'), plan: { kind: 'not_cacheable' } },
    { name: 'a customer route', route: route('GET', '/customers/me'), plan: { kind: 'not_cacheable' } },
    { name: 'an admin GET route', route: route('GET', '/tax-rates/1'), plan: { kind: 'not_cacheable' } },
    { name: 'cache off', config: { ...ON, enabled: false }, plan: { kind: 'bypass', reason: 'disabled' } },
    { name: 'route off', route: route('GET', '/cms-pages/home'), plan: { kind: 'bypass', reason: 'route_off' } },
    { name: 'Authorization', headers: { Authorization: 'Bearer x' }, plan: { kind: 'bypass', reason: 'authorization' } },
    { name: 'an empty Authorization', headers: { Authorization: '' }, plan: { kind: 'bypass', reason: 'authorization' } },
    { name: 'session cookie', headers: { Cookie: 'a=1;  __Host-gh_access=x' }, plan: { kind: 'bypass', reason: 'session_cookie' } },
    { name: 'session cookie, other case', headers: { Cookie: '__HOST-GH_refresh=x' }, plan: { kind: 'bypass', reason: 'session_cookie' } },
    {
      name: 'session cookie on a second Cookie line (joined with ", ")',
      headers: { Cookie: 'a=1, __Host-gh_access=x' },
      plan: { kind: 'bypass', reason: 'session_cookie' },
    },
    { name: 'refresh cookie under its __Secure- prefix', headers: { Cookie: '__Secure-gh_refresh=x' }, plan: { kind: 'bypass', reason: 'session_cookie' } },
    { name: 'an ignored cookie merely holding the name as a value', headers: { Cookie: 'note=__Host-gh_access' }, plan: { kind: 'lookup' } },
    { name: 'only ignored cookies', headers: { Cookie: '_ga=GA1.2.3; note=x' }, plan: { kind: 'lookup' } },
    { name: 'other cookies', headers: { Cookie: 'theme=dark; gh_access=1' }, plan: { kind: 'bypass', reason: 'cookie' } },
    { name: 'an ignored and another cookie', headers: { Cookie: '_ga=1, store=de' }, plan: { kind: 'bypass', reason: 'cookie' } },
    { name: 'an ignored name in another case', headers: { Cookie: '_GA=1' }, plan: { kind: 'bypass', reason: 'cookie' } },
    { name: 'Range', headers: { Range: 'bytes=0-1' }, plan: { kind: 'bypass', reason: 'range' } },
    { name: 'client Cache-Control and Pragma', headers: { 'Cache-Control': 'no-cache, no-store', Pragma: 'no-cache' }, plan: { kind: 'lookup' } },
  ]
  for (const row of ROWS) {
    it(`${row.name}: ${JSON.stringify(row.plan)}`, () => {
      expect(lookupPlan(row.method ?? 'GET', new Headers(row.headers), row.route ?? PRODUCT, row.config ?? ON)).toEqual(row.plan)
    })
  }
})

describe('storagePlan', () => {
  const ROWS: Array<{ name: string; status?: number; headers: Record<string, string>; config?: CacheConfig; plan: StoragePlan }> = [
    { name: 'public, max-age', headers: { 'Cache-Control': 'public, max-age=60' }, plan: { store: true, freshSeconds: 60, staleSeconds: 0, keepSeconds: 0 } },
    {
      name: 's-maxage wins over max-age',
      headers: { 'Cache-Control': 'public, max-age=600, s-maxage=30' },
      plan: { store: true, freshSeconds: 30, staleSeconds: 0, keepSeconds: 0 },
    },
    {
      name: 'capped, stale window too',
      headers: { 'Cache-Control': 'public, max-age=9999, stale-while-revalidate=9999' },
      plan: { store: true, freshSeconds: 300, staleSeconds: 300, keepSeconds: 0 },
    },
    {
      name: 'an ETag keeps it for revalidation',
      headers: { 'Cache-Control': 'PUBLIC, Max-Age=0', ETag: '"a"' },
      plan: { store: true, freshSeconds: 0, staleSeconds: 0, keepSeconds: 300 },
    },
    {
      name: 'a quoted lifetime',
      headers: { 'Cache-Control': 'public, max-age="60"' },
      plan: { store: true, freshSeconds: 60, staleSeconds: 0, keepSeconds: 0 },
    },
    {
      name: 'Vary on keyed headers',
      headers: { 'Cache-Control': 'public, max-age=60', Vary: 'Accept, x-store-code, X-Currency-Code, Accept-Encoding' },
      plan: { store: true, freshSeconds: 60, staleSeconds: 0, keepSeconds: 0 },
    },
    { name: '404', status: 404, headers: { 'Cache-Control': 'public, max-age=60' }, plan: { store: false, reason: 'status' } },
    { name: '206', status: 206, headers: { 'Cache-Control': 'public, max-age=60' }, plan: { store: false, reason: 'status' } },
    { name: 'Set-Cookie', headers: { 'Cache-Control': 'public, max-age=60', 'Set-Cookie': 'a=b' }, plan: { store: false, reason: 'set_cookie' } },
    { name: 'no public', headers: { 'Cache-Control': 'max-age=60' }, plan: { store: false, reason: 'not_public' } },
    { name: 'private', headers: { 'Cache-Control': 'public, private, max-age=60' }, plan: { store: false, reason: 'not_public' } },
    { name: 'no-store', headers: { 'Cache-Control': 'public, no-store, max-age=60' }, plan: { store: false, reason: 'not_public' } },
    { name: 'no-cache', headers: { 'Cache-Control': 'public, no-cache, max-age=60' }, plan: { store: false, reason: 'not_public' } },
    { name: 'Vary: *', headers: { 'Cache-Control': 'public, max-age=60', Vary: '*' }, plan: { store: false, reason: 'vary' } },
    { name: 'Vary: Origin', headers: { 'Cache-Control': 'public, max-age=60', Vary: 'Origin' }, plan: { store: false, reason: 'vary' } },
    { name: 'no lifetime', headers: { 'Cache-Control': 'public' }, plan: { store: false, reason: 'no_lifetime' } },
    { name: 'a malformed lifetime', headers: { 'Cache-Control': 'public, max-age=1e3' }, plan: { store: false, reason: 'no_lifetime' } },
    {
      name: "used up by the shop's Age",
      headers: { 'Cache-Control': 'public, max-age=60, stale-while-revalidate=10', Age: '70' },
      plan: { store: false, reason: 'no_lifetime' },
    },
    {
      name: 'cap 0 without ETag',
      headers: { 'Cache-Control': 'public, max-age=60' },
      config: { ...ON, maxAgeSeconds: 0 },
      plan: { store: false, reason: 'no_lifetime' },
    },
  ]
  for (const row of ROWS) {
    it(`${row.name}: ${JSON.stringify(row.plan)}`, () => {
      expect(storagePlan(row.status ?? 200, new Headers(row.headers), row.config ?? ON)).toEqual(row.plan)
    })
  }
})
