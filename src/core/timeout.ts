/** Thrown by `withTimeout` when the work did not settle in time. */
export class TimeoutError extends Error {
  override readonly name = 'TimeoutError'
}

/**
 * Settles like `work`, or rejects with a TimeoutError after `ms` and aborts `controller` (when
 * given) so a fetch stops too. A race, not only an AbortSignal: KV offers no cancellation and a
 * fetcher may ignore the signal, yet the caller still answers on time. A late rejection of `work`
 * is swallowed (nobody is left to hear it); a late KV write may still land, which for a
 * revocation errs on the safe side.
 *
 * @example
 * await withTimeout(kv.get(key), 2000, 'revocation lookup')
 * await withTimeout(fetcher.fetch(request), 30_000, 'origin', controller)
 */
export function withTimeout<T>(work: Promise<T>, ms: number, what: string, controller?: AbortController): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      controller?.abort()
      reject(new TimeoutError(`${what} timed out after ${ms} ms`))
    }, ms)
  })
  work.catch(() => {})
  return Promise.race([work, timeout]).finally(() => {
    if (timer !== undefined) clearTimeout(timer)
  })
}
