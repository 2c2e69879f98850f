import type { CacheConfig } from '../config'
import { fail, withTimeout } from '../core'
import { API_PREFIX, canonicalizePath } from '../policy'

/** One purge an operator asked for: every entry of a path, of a path prefix, or everything. */
export interface Purge {
  scope: 'path' | 'prefix' | 'everything'
  /** Canonical path (`/api/rest/v2/products/1`) or prefix; absent for `everything`. */
  path?: string
  /** When it was asked for, ms since the epoch: entries stored before it are not served. */
  at: number
}

/** Purge records live in KV under this prefix, one key each, so two purges at once never overwrite each other. */
export const PURGE_KEY_PREFIX = 'cache-purge:'
/**
 * How long an isolate trusts the purge list it read. A purge reaches every location within KV's
 * own propagation (up to 60 s) plus this.
 */
export const PURGE_REFRESH_SECONDS = 5
/** KV returns at most 1,000 keys per list; past that the cache is bypassed until old records expire. */
const LIST_LIMIT = 1000

/**
 * Whether an entry of `path` stored at `storedAt` (ms) was purged since. Pure. A prefix matches
 * whole segments: `/api/rest/v2/products` purges `/api/rest/v2/products/1`, not `/api/rest/v2/products-x`.
 */
export function isPurged(path: string, storedAt: number, purges: readonly Purge[]): boolean {
  return purges.some((purge) => purge.at >= storedAt && covers(purge, path))
}

function covers(purge: Purge, path: string): boolean {
  switch (purge.scope) {
    case 'everything':
      return true
    case 'path':
      return purge.path === path
    case 'prefix': {
      const prefix = purge.path ?? ''
      return path === prefix || path.startsWith(prefix.endsWith('/') ? prefix : `${prefix}/`)
    }
  }
}

/**
 * Writes one purge record. It expires once every entry stored before it has expired too (the
 * longest an entry lives is three times the configured maximum: fresh, stale, kept to be
 * revalidated), plus a minute.
 */
export async function writePurge(kv: KVNamespace, purge: Purge, config: CacheConfig, timeoutMs: number): Promise<void> {
  const key = `${PURGE_KEY_PREFIX}${String(purge.at).padStart(15, '0')}:${crypto.randomUUID()}`
  // A TimeoutError or KV's own error reaches the caller, which answers 503.
  await withTimeout(kv.put(key, '', { metadata: purge, expirationTtl: 3 * config.maxAgeSeconds + 60 }), timeoutMs, 'purge write')
  remembered.get(kv)?.purges?.push(purge)
}

interface PurgeList {
  /** `undefined` when the read failed: the failure is kept as long as a list would be. */
  purges: Purge[] | undefined
  readAt: number
}

const remembered = new WeakMap<KVNamespace, PurgeList>()
// The list being read, if one is: the reads that find the list old meanwhile wait for it.
const reading = new WeakMap<KVNamespace, Promise<Purge[] | undefined>>()

/**
 * The purge records in force, read from KV at most once per PURGE_REFRESH_SECONDS per isolate
 * (a purge written by this isolate is added at once), and by one request at a time: a burst of
 * reads that all find the list old shares one KV list. `undefined` when they could not be read
 * (KV down or slow, too many records): the caller then bypasses the cache rather than serve what
 * may have been purged, and KV is asked again only after the same interval.
 */
export function readPurges(kv: KVNamespace, now: number, timeoutMs: number): Promise<readonly Purge[] | undefined> {
  const known = recentPurges(kv, now)
  if (known) return Promise.resolve(known.purges)
  let pending = reading.get(kv)
  if (!pending) {
    pending = listPurges(kv, timeoutMs)
      .then((purges) => {
        remembered.set(kv, { purges, readAt: now })
        return purges
      })
      .finally(() => reading.delete(kv))
    reading.set(kv, pending)
  }
  return pending
}

/**
 * What `readPurges` would answer without asking KV (the list read within PURGE_REFRESH_SECONDS),
 * else `undefined`: a catalogue read then takes no turn of the microtask queue for it.
 */
export function recentPurges(kv: KVNamespace, now: number): { readonly purges: readonly Purge[] | undefined } | undefined {
  const known = remembered.get(kv)
  return known && now >= known.readAt && now - known.readAt < PURGE_REFRESH_SECONDS * 1000 ? known : undefined
}

async function listPurges(kv: KVNamespace, timeoutMs: number): Promise<Purge[] | undefined> {
  try {
    const listed = await withTimeout(kv.list<Purge>({ prefix: PURGE_KEY_PREFIX, limit: LIST_LIMIT }), timeoutMs, 'purge list')
    if (!listed.list_complete) return undefined
    return listed.keys.flatMap((key) => (isPurge(key.metadata) ? [key.metadata] : []))
  } catch {
    return undefined
  }
}

function isPurge(value: unknown): value is Purge {
  if (typeof value !== 'object' || value === null) return false
  const { scope, path, at } = value as Record<string, unknown>
  return (scope === 'everything' || scope === 'path' || scope === 'prefix') && typeof at === 'number' && (scope === 'everything' || typeof path === 'string')
}

/** The purge a body asks for: exactly one of `path`, `prefix`, `everything: true`. Pure. */
export function parsePurge(body: unknown, now: number): Purge {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) fail('invalid_json', { detail: 'JSON is not an object' })
  const fields = Object.keys(body)
  if (fields.length !== 1) fail('bad_request', { detail: 'purge names exactly one of path, prefix, everything' })
  const { path, prefix, everything } = body as Record<string, unknown>
  if (everything === true) return { scope: 'everything', at: now }
  if (path !== undefined) return { scope: 'path', path: apiPath(path), at: now }
  if (prefix !== undefined) return { scope: 'prefix', path: apiPath(prefix), at: now }
  return fail('bad_request', { detail: 'purge names exactly one of path, prefix, everything: true' })
}

// The canonical form is the one entries are kept under; anything else would purge nothing.
function apiPath(value: unknown): string {
  if (typeof value !== 'string' || value.includes('?') || value.includes('#')) fail('bad_request', { detail: 'purge path must be a path without query' })
  const canonical = canonicalizePath(value)
  if (!canonical.ok || canonical.value !== value || (value !== API_PREFIX && !value.startsWith(`${API_PREFIX}/`))) {
    fail('bad_request', { detail: `purge path must be a canonical path under ${API_PREFIX}` })
  }
  return value
}
