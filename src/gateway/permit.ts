import type { Principal } from '../auth/principal'
import { fail } from '../errors'
import { authorize, type MatchedRoute } from '../policy'

/** Applies the pure policy decision: returns when allowed, else throws its refusal (401 / 403). */
export function permit(principal: Principal | undefined, route: MatchedRoute): void {
  const decision = authorize(principal, route)
  if (!decision.allow) fail(decision.reason, `${principal?.subject ?? 'anonymous'} refused ${route.rule.method} ${route.rule.template}`)
}
