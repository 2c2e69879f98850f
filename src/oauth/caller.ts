import type { Context } from 'hono'
import { authenticate, limitByClient } from '../auth'
import { type Principal, fail } from '../core'
import type { GatehouseEnv } from '../context'
import { checkClient } from './client'
import { readClientCredentials } from './client-credentials'

/** Who calls the revocation or introspection endpoint, and what it may do. */
export interface Caller {
  /** `customer_<id>` or `api_user_<id>`: whose tokens it may revoke. */
  subject: string
  /** What it holds; a customer holds none. */
  permissions: readonly string[]
}

/**
 * Authenticates the caller of an endpoint that takes a `token` parameter, before anything looks
 * at that parameter (an unauthenticated caller learns nothing about it):
 * - client credentials, by HTTP Basic or in the body (never both, nor beside a Bearer token),
 *   checked like the client_credentials grant and counted against that client (60/min, never the
 *   login buckets: an integration revokes what it gets);
 * - else a Bearer token (401 `invalid_token` when bad or revoked);
 * - else 401 `invalid_client` with a Basic challenge.
 */
export async function authenticateCaller(c: Context<GatehouseEnv>, fields: Record<string, unknown>): Promise<Caller> {
  const ctx = c.get('ctx')
  const authorization = c.req.header('Authorization')
  const credentials = readClientCredentials(authorization, fields)
  if (!credentials.ok) fail(credentials.reason)
  const client = credentials.value
  if (client) {
    if (client.method === 'client_secret_post' && authorization !== undefined) {
      fail('multiple_client_credentials', { detail: 'body credentials beside an Authorization header' })
    }
    await limitByClient(c.env, client.clientId)
    const account = await checkClient(client, ctx, new URL(c.req.url))
    return { subject: `api_user_${account.id}`, permissions: account.permissions }
  }
  const principal = await authenticate(authorization, ctx)
  if (!principal) return fail('client_authentication_required', { detail: 'no client credentials and no Bearer token' })
  return { subject: principal.subject, permissions: permissionsOf(principal) }
}

function permissionsOf(principal: Principal): readonly string[] {
  return principal.type === 'api_user' ? principal.permissions : []
}
