import { withTimeout } from '../core'
import type { TurnstileConfig } from '../config'

/** What siteverify said of a token, or that it could not be asked. */
export type SiteverifyVerdict = { kind: 'passed' } | { kind: 'failed'; codes: string[] } | { kind: 'unavailable'; reason: string }

/**
 * Asks Turnstile's siteverify API about a widget's token (form-encoded `secret`, `response`,
 * `remoteip`), through `fetcher` (a service binding) when given. Never throws: a service that
 * cannot be asked in time, or answers something that is not siteverify's JSON, is `unavailable`.
 *
 * @example
 * const verdict = await siteverify(token, ctx.clientIp, config.turnstile, env.TURNSTILE)
 */
export async function siteverify(
  token: string,
  remoteIp: string | undefined,
  config: TurnstileConfig,
  fetcher: Fetcher | undefined,
): Promise<SiteverifyVerdict> {
  const form = new URLSearchParams({ secret: config.secret, response: token })
  if (remoteIp) form.set('remoteip', remoteIp)
  const controller = new AbortController()
  const request = new Request(config.verifyUrl, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: form.toString(),
    signal: controller.signal,
  })
  try {
    const answer = await withTimeout(
      (async () => {
        const response = await (fetcher ? fetcher.fetch(request) : fetch(request))
        if (response.status !== 200) throw new Error(`siteverify answered ${response.status}`)
        return (await response.json()) as unknown
      })(),
      config.timeoutMs,
      'siteverify',
      controller,
    )
    if (typeof answer !== 'object' || answer === null || typeof (answer as { success?: unknown }).success !== 'boolean')
      return { kind: 'unavailable', reason: 'not a siteverify answer' }
    const { success, 'error-codes': codes } = answer as { success: boolean; 'error-codes'?: unknown }
    if (success) return { kind: 'passed' }
    return { kind: 'failed', codes: Array.isArray(codes) ? codes.filter((c): c is string => typeof c === 'string').slice(0, 5) : [] }
  } catch (err) {
    const own = err instanceof Error && (err.name === 'Error' || err.name === 'TimeoutError')
    return { kind: 'unavailable', reason: own ? err.message : err instanceof Error ? err.name : 'unknown failure' }
  }
}
