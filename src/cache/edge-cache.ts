import type { Config } from '../config'
import { Lru, type Env } from '../core'
import type { ResolvedRoute } from '../policy'
import { cacheKey } from './cache-key'
import { lookupPlan, storagePlan } from './cacheability'
import { notModified } from './conditional'
import { isPurged, readPurges, recentPurges } from './purges'
import { dropKept, findKept, keepAnswer, logCacheError } from './kept-answers'
import { servedFrom, toStored, type StoredEntry } from './stored-answer'

/** What the edge cache did for an answer, sent to the client as `X-Gatehouse-Cache`. */
export type CacheStatus = 'HIT' | 'MISS' | 'STALE' | 'REVALIDATED' | 'BYPASS'
export const CACHE_STATUS_HEADER = 'X-Gatehouse-Cache'

/**
 * Asks the shop. `ifNoneMatch`: `undefined` passes the client's conditional headers on; `null`
 * drops them (the cache wants a whole answer it can keep); a string is sent as `If-None-Match`
 * (revalidating a kept answer).
 */
export type AskShop = (ifNoneMatch?: string | null) => Promise<Response>

/** One allowed request as the edge cache sees it. */
export interface CacheRequest {
  request: Request
  url: URL
  route: ResolvedRoute
  /** Whether a principal was verified: never true here for a cached read, checked again as a guard. */
  authenticated: boolean
  env: Env
  config: Config
  waitUntil: (work: Promise<unknown>) => void
  /** ms since the epoch */
  now: number
}

// Background revalidations in flight in this isolate, by key: one per entry at a time.
const revalidating = new Set<string>()

// Keys whose last shop answer the shop itself marked unfit for a shared cache (private, no-store,
// no lifetime, Set-Cookie, an unkeyed Vary), until when (ms): their lookups are skipped meanwhile,
// so a public route the shop never lets anyone cache costs no Cache API call per request. Errors
// and other statuses are not remembered. Bounded: the oldest key goes first.
const unfit = new Lru<true>({ maxEntries: 10_000 })
const UNFIT_SECONDS = 30

/**
 * Answers an allowed request through the edge cache (docs/cache.md): from the cache when a fresh
 * (or stale, while revalidating) anonymous copy of a public catalogue answer is kept, else from the
 * shop, keeping what the shop marks cacheable. Requests that are not anonymous public GET/HEADs go
 * to the shop untouched; every answer of a cacheable route is labelled with `X-Gatehouse-Cache`.
 *
 * @example
 * return throughEdgeCache({ request, url, route, authenticated: principal !== undefined, env, config, waitUntil, now: Date.now() }, ask)
 */
export async function throughEdgeCache(read: CacheRequest, askShop: AskShop): Promise<Response> {
  const { request, config } = read
  const plan = lookupPlan(request.method, request.headers, read.route, config.cache)
  if (plan.kind === 'not_cacheable') return askShop()
  // Never a kept answer for a verified caller, never a verified caller's answer kept.
  if (plan.kind === 'bypass' || read.authenticated) return labelled(await askShop(), 'BYPASS')
  const recent = recentPurges(read.env.REVOKED, read.now)
  const purges = recent ? recent.purges : await readPurges(read.env.REVOKED, read.now, config.kv.timeoutMs)
  if (!purges) return labelled(await askShop(), 'BYPASS')
  const key = cacheKey(read.url, read.route.canonicalPath, request.headers)
  if (unfit.get(key, read.now)) return labelled(await askShop(), 'MISS')
  const entry = await findKept(key, read.now)
  const usable = entry && !isPurged(entry.path, entry.storedAt, purges) ? entry : undefined
  if (entry && !usable) await entry.response.body?.cancel()
  if (usable && usable.age < usable.freshSeconds) return answered(request, servedFrom(usable, request.method === 'GET'), 'HIT')
  if (usable && usable.age < usable.freshSeconds + usable.staleSeconds) {
    if (!revalidating.has(key)) {
      revalidating.add(key)
      // The kept body is being served: on a 304 the copy is read from the cache again.
      const inBackground = refresh(key, usable.etag, read, askShop, () => findKept(key, read.now))
        .then(({ response }) => response.body?.cancel())
        .catch((err: unknown) => logCacheError('revalidate', err))
        .finally(() => revalidating.delete(key))
      read.waitUntil(inBackground)
    }
    return answered(request, servedFrom(usable, request.method === 'GET'), 'STALE')
  }
  // HEAD answers carry no body to keep: asked as they came, never stored.
  if (request.method === 'HEAD') {
    await usable?.response.body?.cancel()
    return labelled(await askShop(), 'MISS')
  }
  if (usable && !usable.etag) await usable.response.body?.cancel()
  const etag = usable?.etag ?? null
  const { response, status } = await refresh(key, etag, read, askShop, async () => usable)
  return answered(request, response, status)
}

/** Stores the shop's answer when it may be kept (in the background) and returns it for the client. */
function keep(key: string, response: Response, read: CacheRequest): Response {
  const plan = storagePlan(response.status, response.headers, read.config.cache)
  if (!plan.store && plan.reason !== 'status') rememberUnfit(key, read.now)
  if (!plan.store || !response.body) return response
  unfit.delete(key)
  const [forClient, forCache] = response.body.tee()
  keepAnswer(key, toStored(response, forCache, read.now, read.route.canonicalPath, plan), read.waitUntil)
  return new Response(forClient, response)
}

/**
 * Asks the shop for a whole answer, or, for a kept entry with an ETag, whether it changed
 * (`If-None-Match`). A 304 renews the kept copy (REVALIDATED); any other answer is a MISS, kept
 * when cacheable, and a kept copy it no longer allows is removed.
 */
async function refresh(
  key: string,
  etag: string | null,
  read: CacheRequest,
  askShop: AskShop,
  kept: () => Promise<StoredEntry | undefined>,
): Promise<{ response: Response; status: CacheStatus }> {
  const shop = await askShop(etag)
  if (etag !== null && shop.status === 304) {
    await shop.body?.cancel()
    const entry = await kept()
    if (entry) return { response: keep(key, renewed(entry, shop), read), status: 'REVALIDATED' }
    return { response: keep(key, await askShop(null), read), status: 'MISS' }
  }
  if (etag !== null) {
    await (await kept())?.response.body?.cancel()
    if (!storagePlan(shop.status, shop.headers, read.config.cache).store) {
      dropKept(key, read.waitUntil)
    }
  }
  return { response: keep(key, shop, read), status: 'MISS' }
}

/** A kept answer as the shop would send it now: a 304's caching headers replace the kept ones (RFC 9111 §4.3.4). */
function renewed(entry: StoredEntry, notModifiedAnswer: Response): Response {
  const kept = servedFrom(entry, true)
  kept.headers.delete('age')
  for (const name of ['cache-control', 'etag', 'expires', 'age', 'vary']) {
    const value = notModifiedAnswer.headers.get(name)
    if (value !== null) kept.headers.set(name, value)
  }
  return kept
}

function rememberUnfit(key: string, now: number): void {
  unfit.set(key, true, now, now + UNFIT_SECONDS * 1000)
}

/** Labels the answer, and answers the client's own `If-None-Match` from it (RFC 9110 §13.1.2). */
function answered(request: Request, response: Response, status: CacheStatus): Response {
  const answer = notModified(request, response) ?? response
  return labelled(answer, status)
}

function labelled(response: Response, status: CacheStatus): Response {
  response.headers.set(CACHE_STATUS_HEADER, status)
  return response
}
