import { revokeSubject } from '../auth'
import type { Principal } from '../auth'
import type { RequestContext } from '../context'
import type { MatchedRoute } from '../policy'

// Routes whose 2xx answer means the caller's own password changed (shop-api-v2-routes.tsv: "existing
// tokens of that customer should stop working"; the shop itself does not revoke them).
const OWN_PASSWORD_CHANGES: ReadonlySet<string> = new Set(['POST /customers/me/password'])

/** Whether the origin's answer to this request changed the calling customer's password. Pure. */
export function changedOwnPassword(route: MatchedRoute, principal: Principal | undefined, status: number): principal is Principal {
  return (
    principal?.type === 'customer' &&
    status >= 200 &&
    status < 300 &&
    OWN_PASSWORD_CHANGES.has(`${route.rule.method} ${route.rule.template}`)
  )
}

/**
 * After a successful password change, refuses every other token of the customer (issued up to now);
 * the token that made the change keeps working until its exp. Awaited before the answer is returned,
 * so a client that saw the 2xx can rely on it; a failed KV write is 503 `storage_unavailable`.
 * Returns the customer whose tokens were revoked, if any.
 */
export async function revokeOnPasswordChange(
  route: MatchedRoute,
  principal: Principal | undefined,
  status: number,
  ctx: RequestContext,
): Promise<Principal | undefined> {
  if (!changedOwnPassword(route, principal, status)) return undefined
  await revokeSubject(ctx, principal.subject, principal.jti)
  return principal
}
