import { parseTokenRequest } from '../auth'
import { type TokenRequest, fail } from '../core'
import { readClientCredentials, type ClientCredentials } from './client-credentials'

/** A token request in either dialect, and how its client authenticated (if it did). */
export interface StandardTokenRequest {
  request: TokenRequest
  clientAuth: ClientCredentials['method'] | undefined
}

/**
 * Reads a token request of either dialect into the shop's TokenRequest. Pure.
 * - `grant_type=password` (RFC 6749 §4.3) is the shop's `customer` grant; `username` is its email.
 * - Client credentials may come by HTTP Basic or in the body (RFC 6749 §2.3.1), never both, and
 *   only with `client_credentials` (400 `unauthorized_client` otherwise: nothing else checks them).
 * - Everything else is the shop's own validation (`parseTokenRequest`).
 *
 * @example
 * readTokenRequest({ grant_type: 'client_credentials' }, 'Basic bWFob18xOnNlY3JldA==')
 * // { request: { grant: 'client_credentials', name: 'maho_1', secret: 'secret' }, clientAuth: 'client_secret_basic' }
 */
export function readTokenRequest(fields: Record<string, unknown>, authorization: string | undefined): StandardTokenRequest {
  const credentials = readClientCredentials(authorization, fields)
  if (!credentials.ok) fail(credentials.reason)
  const grantType = fields.grant_type === 'password' ? 'customer' : fields.grant_type
  const client = credentials.value
  if (client && grantType !== 'client_credentials') {
    fail('client_auth_not_for_grant', { detail: `${client.method} with grant_type ${String(grantType).slice(0, 40)}` })
  }
  const shopFields = client ? { ...fields, client_id: client.clientId, client_secret: client.clientSecret } : fields
  return { request: parseTokenRequest({ ...shopFields, grant_type: grantType }), clientAuth: client?.method }
}
