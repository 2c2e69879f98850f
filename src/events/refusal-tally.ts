import type { RefusalCount } from '../db'

/** How often an isolate may write its counts (ms), and how many distinct keys it holds between writes. */
export const REFUSAL_FLUSH = { everyMs: 10_000, maxKeys: 1_000 } as const

/** The route of a refusal whose route matched nothing, and of one past `maxKeys` distinct keys. */
export const NO_ROUTE = '-'
const MAX_TEXT = 120

/**
 * An isolate's refusal counts between two writes to D1, and when the next write is due. Pure: the
 * caller passes the time and does the writing.
 *
 * A write is due when counts are held and either `everyMs` has passed since the last write or a
 * held count is of an earlier minute than now; so an isolate writes at most once per `everyMs`
 * plus once per minute boundary, however many requests it refuses. Keys are bounded: reasons are
 * the codes of src/core/errors.ts and routes the route table's templates, and past `maxKeys`
 * distinct keys a new route is counted as `-`.
 *
 * @example
 * const tally = new RefusalTally()
 * tally.add(Date.now(), 'route_not_found', null)
 * const rows = tally.take(Date.now()) // the rows to write, or undefined when no write is due
 */
export class RefusalTally {
  #held = new Map<string, RefusalCount>()
  #lastWriteMs = Number.NEGATIVE_INFINITY
  #oldestMinute = Number.POSITIVE_INFINITY

  constructor(private readonly limits: { everyMs: number; maxKeys: number } = REFUSAL_FLUSH) {}

  /** Counts one refusal at `nowMs` (ms since the epoch). */
  add(nowMs: number, reason: string | undefined, route: string | null | undefined): void {
    const minute = minuteOf(nowMs)
    const why = (reason ?? NO_ROUTE).slice(0, MAX_TEXT)
    let where = (route ?? NO_ROUTE).slice(0, MAX_TEXT)
    if (this.#held.size >= this.limits.maxKeys && !this.#held.has(keyOf(minute, why, where))) where = NO_ROUTE
    const key = keyOf(minute, why, where)
    const row = this.#held.get(key)
    if (row) row.count += 1
    else this.#held.set(key, { minute, reason: why, route: where, count: 1 })
    this.#oldestMinute = Math.min(this.#oldestMinute, minute)
  }

  /** Whether a write is due at `nowMs`. */
  due(nowMs: number): boolean {
    if (this.#held.size === 0) return false
    return nowMs - this.#lastWriteMs >= this.limits.everyMs || this.#oldestMinute < minuteOf(nowMs)
  }

  /**
   * The held counts, emptied, when a write is due (or `force`d and any are held); else undefined.
   * Taking them counts as the write: a failed write loses them, it is never retried.
   */
  take(nowMs: number, force = false): RefusalCount[] | undefined {
    if (this.#held.size === 0 || (!force && !this.due(nowMs))) return undefined
    const rows = [...this.#held.values()]
    this.#held = new Map()
    this.#oldestMinute = Number.POSITIVE_INFINITY
    this.#lastWriteMs = nowMs
    return rows
  }

  /** How many distinct keys are held. */
  get size(): number {
    return this.#held.size
  }
}

function minuteOf(ms: number): number {
  return Math.floor(ms / 60_000)
}

function keyOf(minute: number, reason: string, route: string): string {
  return `${minute}\u0000${reason}\u0000${route}`
}
