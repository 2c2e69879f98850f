import { shopAge } from './cacheability'

/** How long a stored answer is fresh, then served stale, then kept for revalidation (seconds). */
export interface Lifetime {
  freshSeconds: number
  staleSeconds: number
  keepSeconds: number
}

// How a shop answer is kept in the Cache API, and how a kept one is turned back into an answer.
// The Cache API expires an entry by its own `Cache-Control`, so the stored copy carries a
// lifetime covering both windows (fresh, then stale) and the shop's header is kept aside.

const STORED_AT = 'x-gatehouse-stored-at'
const FRESH_FOR = 'x-gatehouse-fresh-for'
const STALE_FOR = 'x-gatehouse-stale-for'
const SHOP_AGE = 'x-gatehouse-shop-age'
const SHOP_CACHE_CONTROL = 'x-gatehouse-cache-control'
const PATH = 'x-gatehouse-path'
// Ours, plus the status the Cache API itself adds to a match (it describes its lookup, not the answer).
const INTERNAL = [STORED_AT, FRESH_FOR, STALE_FOR, SHOP_AGE, SHOP_CACHE_CONTROL, PATH, 'cf-cache-status']

/** A kept answer's bookkeeping, read back from the stored headers. */
export interface StoredEntry {
  response: Response
  /** When the request that fetched it started (ms): purges at or after this time cover it. */
  storedAt: number
  freshSeconds: number
  staleSeconds: number
  /** Its age in whole seconds at `now` (RFC 9111 §4.2.3), the shop's own `Age` included. */
  age: number
  /** The canonical path it was fetched for, for purges by path or prefix. */
  path: string
  etag: string | null
}

/** The copy of a shop answer to put into the Cache API, kept for its whole plan (less the shop's own Age). */
export function toStored(response: Response, body: ReadableStream | null, storedAt: number, path: string, plan: Lifetime): Response {
  const headers = new Headers(response.headers)
  const age = shopAge(headers)
  const { freshSeconds: fresh, staleSeconds: stale, keepSeconds: keep } = plan
  headers.set(STORED_AT, String(storedAt))
  headers.set(FRESH_FOR, String(fresh))
  headers.set(STALE_FOR, String(stale))
  headers.set(SHOP_AGE, String(age))
  headers.set(SHOP_CACHE_CONTROL, headers.get('cache-control') ?? '')
  headers.set(PATH, path)
  headers.set('cache-control', `public, max-age=${fresh + stale + keep - age}`)
  headers.delete('age')
  return new Response(body, { status: response.status, statusText: response.statusText, headers })
}

/** Reads a Cache API match back, or undefined when it lacks the bookkeeping (never served then). */
export function fromStored(response: Response, now: number): StoredEntry | undefined {
  const storedAt = Number(response.headers.get(STORED_AT))
  const freshSeconds = Number(response.headers.get(FRESH_FOR))
  const staleSeconds = Number(response.headers.get(STALE_FOR))
  const keptAge = Number(response.headers.get(SHOP_AGE))
  const path = response.headers.get(PATH)
  if (![storedAt, freshSeconds, staleSeconds, keptAge].every(Number.isFinite) || !path) return undefined
  const age = keptAge + Math.max(0, Math.floor((now - storedAt) / 1000))
  return { response, storedAt, freshSeconds, staleSeconds, age, path, etag: response.headers.get('etag') }
}

/** The answer to send for a kept entry: the shop's headers as it sent them, with `Age` now. */
export function servedFrom(entry: StoredEntry, withBody: boolean): Response {
  const headers = new Headers(entry.response.headers)
  const shopCacheControl = headers.get(SHOP_CACHE_CONTROL)
  for (const name of INTERNAL) headers.delete(name)
  if (shopCacheControl) headers.set('cache-control', shopCacheControl)
  else headers.delete('cache-control')
  headers.set('age', String(entry.age))
  return new Response(withBody ? entry.response.body : null, { status: entry.response.status, statusText: entry.response.statusText, headers })
}
