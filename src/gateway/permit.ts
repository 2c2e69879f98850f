import { type Principal, fail } from '../core'
import { authorize, type MatchedRoute } from '../policy'

/** Applies the pure policy decision: returns when allowed, else throws its refusal (401 / 403) with an `authorization_refused` event. */
export function permit(principal: Principal | undefined, route: MatchedRoute): void {
  const decision = authorize(principal, route)
  if (decision.ok) return
  const subject = principal?.subject ?? null
  const event = { event: 'authorization_refused', reason: decision.reason, subject, route: route.rule.template }
  fail(decision.reason, { detail: `${subject ?? 'anonymous'} refused ${route.rule.method} ${route.rule.template}`, event })
}
