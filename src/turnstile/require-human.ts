import type { RequestContext } from '../context'
import { fail } from '../core'
import { siteverify } from './siteverify'
import type { TurnstileConfig } from '../config'

/** The request header carrying the Turnstile widget's token (the widget's own field is `cf-turnstile-response`). */
export const TURNSTILE_HEADER = 'CF-Turnstile-Response'

// Turnstile tokens are at most 2,048 characters (siteverify refuses longer ones): no need to ask.
const MAX_TOKEN_CHARS = 2048

/**
 * Whether a request must show a Turnstile token: it comes from a page of a listed storefront origin.
 * A request without Origin (a server, an app, an integration) is never asked. Pure.
 */
export function asksTurnstile(origin: string | undefined, config: Pick<TurnstileConfig, 'origins'>): boolean {
  return origin !== undefined && config.origins.includes(origin)
}

/**
 * 403 (the shop's error body) unless the request's Turnstile token passes siteverify: a missing,
 * over-long or refused token. A siteverify that cannot be asked is 503: the check fails closed.
 * Called only for requests `asksTurnstile` picked, before they count against any limit or reach the shop.
 */
export async function requireHuman(token: string | undefined, what: string, ctx: RequestContext): Promise<void> {
  const config = ctx.config.turnstile
  if (token === undefined || token === '')
    fail('turnstile_missing', { detail: `${what}: no ${TURNSTILE_HEADER}`, event: { event: 'turnstile_refused', what, reason: 'missing' } })
  if (token.length > MAX_TOKEN_CHARS)
    fail('turnstile_failed', { detail: `${what}: token of ${token.length} characters`, event: { event: 'turnstile_refused', what, reason: 'too_long' } })
  const verdict = await siteverify(token, ctx.clientIp, config, ctx.env.TURNSTILE)
  switch (verdict.kind) {
    case 'passed':
      return
    case 'failed':
      return fail('turnstile_failed', {
        detail: `${what}: ${verdict.codes.join(',')}`,
        event: { event: 'turnstile_refused', what, reason: verdict.codes.join(',') || 'failed' },
      })
    case 'unavailable':
      return fail('verifier_unavailable', { detail: `${what}: ${verdict.reason}`, event: { event: 'turnstile_unavailable', what, reason: verdict.reason } })
  }
}
