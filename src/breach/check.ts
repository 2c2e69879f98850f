import { withTimeout } from '../core'
import type { BreachConfig } from '../config'
import { rangeKey, seenCount } from './range'

/** What the range service said of a password: seen `count` times, or why it could not be asked. */
export type BreachVerdict = { kind: 'counted'; count: number } | { kind: 'skipped'; reason: string }

// Cloudflare's range API answers in a few tens of ms from its cache; a bigger answer than this is not one.
const MAX_ANSWER_BYTES = 512 * 1024

/**
 * Asks the Pwned Passwords range API how often a password appears in known breaches, by
 * k-anonymity: only the first 5 hex characters of its SHA-1 leave the Worker, with
 * `Add-Padding: true` so the answer's size tells an onlooker nothing either. Through `fetcher`
 * (a service binding) when given, else the public internet. Never throws: an unreachable, slow,
 * failing or malformed service is `skipped` with the reason, for the caller to log.
 *
 * @example
 * const verdict = await breachCount('Password1!', config.breachedPasswords, env.PWNED_PASSWORDS)
 */
export async function breachCount(password: string, config: BreachConfig, fetcher: Fetcher | undefined): Promise<BreachVerdict> {
  const { prefix, suffix } = await rangeKey(password)
  const url = new URL(`${config.rangeUrl.pathname.replace(/\/$/, '')}/range/${prefix}`, config.rangeUrl)
  const controller = new AbortController()
  const request = new Request(url, { headers: { 'Add-Padding': 'true', 'User-Agent': 'gatehouse' }, signal: controller.signal })
  try {
    const text = await withTimeout(
      (async () => {
        const response = await (fetcher ? fetcher.fetch(request) : fetch(request))
        if (response.status !== 200) throw new Error(`range service answered ${response.status}`)
        const body = await response.text()
        if (body.length > MAX_ANSWER_BYTES) throw new Error('range answer too large')
        return body
      })(),
      config.timeoutMs,
      'range service',
      controller,
    )
    const count = seenCount(text, suffix)
    return count.ok ? { kind: 'counted', count: count.value } : { kind: 'skipped', reason: count.reason }
  } catch (err) {
    // Only our own messages (status, size, timeout): a fetch error's text may quote the URL and its prefix.
    const own = err instanceof Error && (err.name === 'Error' || err.name === 'TimeoutError')
    return { kind: 'skipped', reason: own ? err.message : err instanceof Error ? err.name : 'unknown failure' }
  }
}
