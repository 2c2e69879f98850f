import type { MatchedRoute } from '../policy'
import { cookiePairs, isSessionCookieName } from '../core'
import { parseCacheControl } from './cache-control'
import type { CacheConfig } from '../config'

/** Why a request to a cacheable route goes to the shop without the cache (logged as the bypass reason). */
export type BypassReason = 'disabled' | 'route_off' | 'authorization' | 'session_cookie' | 'cookie' | 'range'

/** What the edge cache does with a request: nothing (not a catalogue read), bypass it, or look it up. */
export type LookupPlan = { kind: 'not_cacheable' } | { kind: 'bypass'; reason: BypassReason } | { kind: 'lookup' }

/**
 * Whether a request may be answered from, and fill, the edge cache. Pure.
 * Only GET and HEAD on public GET routes are cacheable at all; of those, a request carrying any
 * `Authorization`, a session cookie, any other cookie the operator has not listed as never
 * mattering (the shop may vary on a cookie without saying so: Maho's storefront reads `store`) or
 * a `Range` goes past the cache, as does every request when the cache is off globally or for the route. The client's own `Cache-Control` and `Pragma` are
 * not read: a shared cache in front of a slow shop must not let any client force a trip to it.
 */
export function lookupPlan(method: string, headers: Headers, route: MatchedRoute, config: CacheConfig): LookupPlan {
  if ((method !== 'GET' && method !== 'HEAD') || route.rule.method !== 'GET' || route.rule.level !== 'public') return { kind: 'not_cacheable' }
  if (!config.enabled) return { kind: 'bypass', reason: 'disabled' }
  if (config.offRoutes.has(route.rule.template)) return { kind: 'bypass', reason: 'route_off' }
  if (headers.has('authorization')) return { kind: 'bypass', reason: 'authorization' }
  const cookies = cookiePairs(headers.get('cookie'))
  // Names compared without case for ours: the sessions code only sets the exact `__Host-` spelling,
  // but a cookie that merely looks like one must still keep the request away from shared answers.
  if (cookies.some((pair) => isSessionCookieName(pair.name))) return { kind: 'bypass', reason: 'session_cookie' }
  if (cookies.some((pair) => !config.ignoredCookies.has(pair.name))) return { kind: 'bypass', reason: 'cookie' }
  if (headers.has('range')) return { kind: 'bypass', reason: 'range' }
  return { kind: 'lookup' }
}

/** Why a shop answer was not stored. */
export type NotStoredReason = 'status' | 'set_cookie' | 'not_public' | 'no_lifetime' | 'vary'

/**
 * Whether to store a shop answer: how long it is fresh, then usable stale while revalidated in the
 * background, then kept only to be revalidated with its ETag before use.
 */
export type StoragePlan = { store: true; freshSeconds: number; staleSeconds: number; keepSeconds: number } | { store: false; reason: NotStoredReason }

// What the cache key holds besides the URL (cache-key.ts); a Vary on anything else cannot be honoured.
const KEYED_REQUEST_HEADERS: ReadonlySet<string> = new Set(['accept', 'accept-encoding', 'x-store-code', 'x-currency-code'])

/**
 * Whether a shop answer may go into the shared edge cache, and for how long. Pure.
 * Stored: 200, no `Set-Cookie`, `Cache-Control` with `public` and no `private`, `no-store` or
 * `no-cache`, a `Vary` naming only what the key holds, and a lifetime: `s-maxage` (else
 * `max-age`) capped at `config.maxAgeSeconds`, then the shop's `stale-while-revalidate`
 * (RFC 5861 §3) under the same cap. An answer with an ETag is kept as long again after that, to be
 * revalidated (`If-None-Match`) rather than fetched whole; one without is stored only while its
 * lifetime exceeds the shop's own `Age`.
 */
export function storagePlan(status: number, headers: Headers, config: CacheConfig): StoragePlan {
  if (status !== 200) return { store: false, reason: 'status' }
  if (headers.has('set-cookie')) return { store: false, reason: 'set_cookie' }
  const directives = parseCacheControl(headers.get('cache-control'))
  if (!directives.public || directives.private || directives.noStore || directives.noCache) return { store: false, reason: 'not_public' }
  if (!varyIsKeyed(headers.get('vary'))) return { store: false, reason: 'vary' }
  const declared = directives.sMaxAge ?? directives.maxAge
  if (declared === undefined) return { store: false, reason: 'no_lifetime' }
  const freshSeconds = Math.min(declared, config.maxAgeSeconds)
  const staleSeconds = Math.min(directives.staleWhileRevalidate ?? 0, config.maxAgeSeconds)
  const keepSeconds = headers.has('etag') ? config.maxAgeSeconds : 0
  if (freshSeconds + staleSeconds + keepSeconds <= shopAge(headers)) return { store: false, reason: 'no_lifetime' }
  return { store: true, freshSeconds, staleSeconds, keepSeconds }
}

/** The shop's own `Age` in seconds (RFC 9111 §5.1), 0 when absent or malformed. */
export function shopAge(headers: Headers): number {
  return Number(/^[0-9]{1,10}$/.exec(headers.get('age') ?? '')?.[0] ?? 0)
}

function varyIsKeyed(vary: string | null): boolean {
  if (!vary) return true
  return vary.split(',').every((name) => {
    const field = name.trim().toLowerCase()
    return field === '' || KEYED_REQUEST_HEADERS.has(field)
  })
}
