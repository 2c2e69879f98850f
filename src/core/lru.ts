/** How an Lru is bounded: by its number of entries, by the sum of its values' sizes, or both. */
export interface LruLimits<V> {
  maxEntries?: number
  /** Upper bound on the sum of `sizeOf(value)` over all entries (bytes, say). */
  maxSize?: number
  sizeOf?: (value: V) => number
}

interface Entry<V> {
  value: V
  size: number
  from: number
  until: number
}

/**
 * The one bounded per-isolate map: least recently used first out, each entry with its own expiry.
 * It holds the revocation answers, the verified tokens, the edge cache's kept copies (bounded by
 * their bytes) and its unfit keys. The bound keeps memory flat under a flood of distinct keys.
 * `now` is always passed in (in the caller's unit), so tests can travel in time.
 *
 * @example
 * const copies = new Lru<Copy>({ maxSize: 8 * 1024 * 1024, sizeOf: (copy) => copy.body.byteLength })
 */
export class Lru<V> {
  private readonly entries = new Map<string, Entry<V>>()
  private size = 0
  // The entry last in `entries` (the most recently used), when known: reading it again moves nothing,
  // so a key read again and again (a hot route) costs no delete and re-insert.
  private newest: Entry<V> | undefined

  constructor(private readonly limits: LruLimits<V>) {}

  /** The value stored at or before `now` and not expired at `now`, else `undefined`. */
  get(key: string, now: number): V | undefined {
    const entry = this.entries.get(key)
    if (!entry) return undefined
    // A `now` before the entry was stored (a test travelling back) is as stale as one past it.
    if (now < entry.from || now >= entry.until) {
      this.remove(key, entry)
      return undefined
    }
    if (entry !== this.newest) {
      this.entries.delete(key)
      this.entries.set(key, entry)
      this.newest = entry
    }
    return entry.value
  }

  /** Stores `value` from `now` until `until` (never expires when left out), evicting the least recently used past the bounds. */
  set(key: string, value: V, now: number, until = Number.POSITIVE_INFINITY): void {
    this.delete(key)
    const size = this.limits.sizeOf?.(value) ?? 0
    const stored = { value, size, from: now, until }
    this.entries.set(key, stored)
    this.newest = stored
    this.size += size
    const { maxEntries = Number.POSITIVE_INFINITY, maxSize = Number.POSITIVE_INFINITY } = this.limits
    // Map iterates in insertion order, so the first key is the least recently used.
    for (const [oldest, entry] of this.entries) {
      if (this.entries.size <= maxEntries && this.size <= maxSize) break
      this.remove(oldest, entry)
    }
  }

  delete(key: string): void {
    const entry = this.entries.get(key)
    if (entry) this.remove(key, entry)
  }

  clear(): void {
    this.entries.clear()
    this.size = 0
    this.newest = undefined
  }

  private remove(key: string, entry: Entry<V>): void {
    this.entries.delete(key)
    this.size -= entry.size
    if (entry === this.newest) this.newest = undefined
  }
}
