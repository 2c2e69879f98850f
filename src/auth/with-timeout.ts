/** Thrown by `withTimeout` when the work did not settle in time. */
export class TimeoutError extends Error {
  override readonly name = 'TimeoutError'
}

/**
 * Settles like `work`, or rejects with a TimeoutError after `ms`. The work itself is not cancelled
 * (KV offers no cancellation): a late write may still land, which for a revocation errs on the safe side.
 *
 * @example
 * await withTimeout(kv.get(key), 2000, 'revocation lookup')
 */
export function withTimeout<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
  let expire!: (reason: TimeoutError) => void
  const timeout = new Promise<never>((_, reject) => {
    expire = reject
  })
  const timer = setTimeout(() => expire(new TimeoutError(`${what} timed out after ${ms} ms`)), ms)
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer))
}
