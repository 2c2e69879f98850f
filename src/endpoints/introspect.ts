import type { Context } from 'hono'
import { isRevoked } from '../auth'
import { type Principal, fail, readFields } from '../core'
import type { GatehouseEnv } from '../context'
import { findServiceById } from '../db'
import { holdsPermission } from '../policy'
import { authenticateCaller, readToken, tokenParameter } from '../oauth'

/** What a service account must hold to introspect tokens (`tokens/all` and `all` hold it too). */
export const INTROSPECTION_PERMISSION = 'tokens/read'

/**
 * `POST /api/rest/v2/auth/introspect` (RFC 7662) for service accounts holding
 * INTROSPECTION_PERMISSION, authenticated by their client secret or a service Bearer token. The
 * caller is checked before the `token` parameter is looked at (§4: never tell an unauthenticated
 * caller anything). Inactive (unknown, expired, revoked) tokens answer `{"active": false}` only.
 *
 * @example
 * oauthRoutes.post('/introspect', limitBody, introspect)
 */
export async function introspect(c: Context<GatehouseEnv>): Promise<Response> {
  const ctx = c.get('ctx')
  const fields = await readFields(c)
  const caller = await authenticateCaller(c, fields)
  if (!holdsPermission(caller.permissions, INTROSPECTION_PERMISSION)) {
    fail('forbidden', { detail: `${caller.subject} lacks ${INTROSPECTION_PERMISSION}`, event: { event: 'introspection_refused', subject: caller.subject } })
  }
  const token = tokenParameter(fields) ?? fail('token_missing')
  const target = await readToken(token, ctx)
  if (!target || (await isRevoked(ctx, target))) return c.json({ active: false })
  const clientId = target.type === 'api_user' ? (await findServiceById(ctx.db, target.apiUserId))?.clientId : undefined
  return c.json(introspection(target, clientId ?? undefined))
}

/**
 * The RFC 7662 §2.2 answer for an active token: the registered names, plus the shop's `type`,
 * ids and permissions (permissions also as the space-separated `scope`). Pure.
 */
export function introspection(principal: Principal, clientId: string | undefined) {
  const common = {
    active: true,
    sub: principal.subject,
    exp: principal.exp,
    iat: principal.iat,
    jti: principal.jti,
    token_type: 'Bearer',
    type: principal.type,
  }
  if (principal.type === 'customer') return { ...common, username: principal.email, customer_id: principal.customerId }
  return {
    ...common,
    username: principal.username,
    ...(clientId ? { client_id: clientId } : {}),
    api_user_id: principal.apiUserId,
    permissions: principal.permissions,
    scope: principal.permissions.join(' '),
  }
}
