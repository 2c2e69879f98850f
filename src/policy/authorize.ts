import { type Principal, ok, refused, type Result } from '../core'
import type { MatchedRoute } from './types'

/** The FailureReason names (src/core/errors.ts) a policy refusal maps to. */
export type Refusal = 'authentication_required' | 'forbidden' | 'not_own_data'

/** Allowed, or the refusal. */
export type Decision = Result<void, Refusal>

const ALLOW: Decision = ok(undefined)

/**
 * Decides whether a verified principal (or nobody) may call a matched route. Pure: the principal
 * comes from a token already verified, the route from the compiled table.
 *
 * - public: anyone.
 * - customer: a customer principal, who must own an explicit customer id in the path
 *   (`/customers/{id}`); or a service principal holding the permission, or one of its
 *   alternatives (any principal when the table says `-`).
 * - admin: a service principal holding the permission (or one of its alternatives); customer
 *   principals are refused.
 *
 * @example
 * authorize(undefined, matcher.match('GET', '/customers/me') as MatchedRoute)
 * // { ok: false, reason: 'authentication_required' }
 */
export function authorize(principal: Principal | undefined, route: Pick<MatchedRoute, 'rule' | 'params'>): Decision {
  const { rule, params } = route
  if (rule.level === 'public') return ALLOW
  if (!principal) return refused('authentication_required')
  if (principal.type === 'customer') {
    if (rule.level !== 'customer') return refused('forbidden')
    return ownsPath(principal.customerId, rule.ownerParam, params) ? ALLOW : refused('not_own_data')
  }
  if (rule.anyPermission.length === 0) return rule.level === 'customer' ? ALLOW : refused('forbidden')
  return rule.anyPermission.some((p) => holdsPermission(principal.permissions, p)) ? ALLOW : refused('forbidden')
}

/**
 * A permission `resource/verb` is held through exactly it, `resource/all`, or `all`
 * (the shop's rule: docs/policy.md, "Permissions"). Comparison is exact and case-sensitive.
 */
export function holdsPermission(held: readonly string[], required: string): boolean {
  const slash = required.indexOf('/')
  const resourceAll = `${required.slice(0, slash)}/all`
  return held.some((p) => p === required || p === resourceAll || p === 'all')
}

// The id must be the customer's own id spelled exactly as the shop prints it: `01`, `1.0` or
// `1%20` are refused rather than trusted to parse to the same number at the shop.
function ownsPath(customerId: number, ownerParam: string | null, params: Readonly<Record<string, string>>): boolean {
  if (ownerParam === null) return true
  if (!Number.isSafeInteger(customerId) || customerId <= 0) return false
  return Object.hasOwn(params, ownerParam) && params[ownerParam] === String(customerId)
}
