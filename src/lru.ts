/**
 * A bounded least-recently-used map whose entries carry their own expiry (seconds since the
 * epoch), per isolate: the revocation answers and the verified tokens. The size bound keeps memory
 * flat under a flood of distinct keys. `now` is always passed in, so tests can travel in time.
 */
export class Lru<V> {
  private readonly entries = new Map<string, { value: V; from: number; until: number }>()

  constructor(private readonly maxEntries: number) {}

  /** The value stored at or before `now` and not expired at `now`, else `undefined`. */
  get(key: string, now: number): V | undefined {
    const entry = this.entries.get(key)
    if (!entry) return undefined
    this.entries.delete(key)
    // A `now` before the entry was stored (a test travelling back) is as stale as one past it.
    if (now < entry.from || now >= entry.until) return undefined
    this.entries.set(key, entry)
    return entry.value
  }

  set(key: string, value: V, now: number, until: number): void {
    this.entries.delete(key)
    this.entries.set(key, { value, from: now, until })
    if (this.entries.size > this.maxEntries) {
      // Map iterates in insertion order, so the first key is the least recently used.
      const oldest = this.entries.keys().next().value
      if (oldest !== undefined) this.entries.delete(oldest)
    }
  }

  clear(): void {
    this.entries.clear()
  }
}
