import { breachCount } from '../breach'
import type { RequestContext } from '../context'
import { fail } from '../core'
import type { CapturedRoute } from './capture-plan'

// The body field that carries the password a captured route sets (the shop's own names).
const NEW_PASSWORD_FIELD: Readonly<Record<CapturedRoute, string | undefined>> = {
  register: 'password',
  create_from_order: 'password',
  password_change: 'newPassword',
  password_reset: 'newPassword',
  email_change: undefined,
  social_login: undefined,
}

/** The new password a captured request sets, or undefined (none, or not a non-empty string: the shop refuses those). Pure. */
export function newPasswordOf(route: CapturedRoute, body: Record<string, unknown>): string | undefined {
  const field = NEW_PASSWORD_FIELD[route]
  const value = field === undefined ? undefined : body[field]
  return typeof value === 'string' && value !== '' ? value : undefined
}

/**
 * Refuses a registration, password change, reset or account-from-order whose new password appears
 * in known breaches at least BREACHED_PASSWORDS_THRESHOLD times (400, the shop's error body),
 * before the shop sees it. When the range service cannot answer in time, the request goes on and
 * the skip is logged: a breach check never blocks a registration.
 */
export async function refuseBreachedPassword(route: CapturedRoute, body: Record<string, unknown>, ctx: RequestContext): Promise<void> {
  const config = ctx.config.breachedPasswords
  const password = newPasswordOf(route, body)
  if (!config.enabled || password === undefined) return
  const verdict = await breachCount(password, config, ctx.env.PWNED_PASSWORDS)
  if (verdict.kind === 'skipped') {
    ctx.log({ event: 'breach_check_skipped', route, reason: verdict.reason })
    return
  }
  if (verdict.count >= config.threshold) {
    fail('breached_password', { detail: `${route}: password seen ${verdict.count} times`, event: { event: 'breached_password_refused', route } })
  }
}
