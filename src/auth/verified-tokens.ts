import type { Config } from '../config'
import type { Principal } from './principal'
import { REVOCATION_CACHE_SECONDS } from './revocation'

// Bounded so a flood of distinct tokens keeps memory flat: at most MAX_ENTRIES tokens of at most
// MAX_CACHED_TOKEN_BYTES each (the shop's tokens are well under 1 KiB) per Config, i.e. per isolate.
const MAX_ENTRIES = 5_000
const MAX_CACHED_TOKEN_BYTES = 2048

interface Verified {
  principal: Principal
  verifiedAt: number
  until: number
}

const caches = new WeakMap<Config, Map<string, Verified>>()

/**
 * The principal of a token this isolate verified (signature and claims) less than
 * REVOCATION_CACHE_SECONDS ago and that has not expired since, or `undefined`. Revocation is not
 * cached here: the caller still checks it on every request.
 */
export function recallVerified(config: Config, token: string, now: number): Principal | undefined {
  const cache = caches.get(config)
  const entry = cache?.get(token)
  if (!cache || !entry) return undefined
  // A `now` before the verification (tests travel in time) or past the window: verify again.
  if (now < entry.verifiedAt || now >= entry.until) {
    cache.delete(token)
    return undefined
  }
  cache.delete(token)
  cache.set(token, entry)
  return entry.principal
}

/** Remembers a token that passed verification at `now`, until min(now + window, exp). */
export function rememberVerified(config: Config, token: string, principal: Principal, now: number): void {
  if (token.length > MAX_CACHED_TOKEN_BYTES) return
  let cache = caches.get(config)
  if (!cache) caches.set(config, (cache = new Map()))
  cache.delete(token)
  cache.set(token, { principal, verifiedAt: now, until: Math.min(now + REVOCATION_CACHE_SECONDS, principal.exp) })
  if (cache.size > MAX_ENTRIES) {
    // Map iterates in insertion order, so the first key is the least recently used.
    const oldest = cache.keys().next().value
    if (oldest !== undefined) cache.delete(oldest)
  }
}
