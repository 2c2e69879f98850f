/** Per-account lockout: how many failures, within what window, lock for how long. */
export interface LockoutPolicy {
  /** Failures within one window that lock the account. */
  maxFailures: number
  /** Length of the counting window, from its first failure, in seconds. */
  windowSeconds: number
  /** How long a lock lasts, in seconds. */
  lockSeconds: number
}

/**
 * Seconds until a locked account may log in again; 0 when it is not locked. Pure: the caller reads
 * the row and passes `now` (seconds), and answers 429 with `Retry-After` when this is above 0.
 *
 * @example
 * const wait = lockRemaining(row, Math.floor(Date.now() / 1000))
 * if (wait > 0) fail('account_locked', `account ${row.id} locked`, { 'Retry-After': String(wait) })
 */
export function lockRemaining(row: { lockedUntil: number | null }, now: number): number {
  if (row.lockedUntil === null) return 0
  return Math.max(0, Math.ceil(row.lockedUntil - now))
}
