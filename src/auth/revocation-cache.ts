/**
 * A small least-recently-used map of revocation answers, per isolate. Entries carry their own
 * expiry (seconds since the epoch); the size bound keeps memory flat under a flood of tokens.
 */
export class RevocationCache {
  private readonly entries = new Map<string, { value: string | null; until: number }>()

  constructor(private readonly maxEntries: number) {}

  /** The cached value (`null` = known absent), or `undefined` when unknown or expired. */
  get(key: string, now: number): string | null | undefined {
    const entry = this.entries.get(key)
    if (!entry) return undefined
    this.entries.delete(key)
    if (entry.until <= now) return undefined
    this.entries.set(key, entry)
    return entry.value
  }

  set(key: string, value: string | null, until: number): void {
    this.entries.delete(key)
    this.entries.set(key, { value, until })
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
