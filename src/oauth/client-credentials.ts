import { ok, refused, type Result } from '../core'
import { readBasic } from './basic-credentials'

/** A client's id and secret, and which RFC 6749 §2.3.1 method carried them. */
export interface ClientCredentials {
  method: 'client_secret_basic' | 'client_secret_post'
  clientId: string
  clientSecret: string
}

/** Why a request's client authentication is refused; each is a FailureReason of src/core/errors.ts. */
export type ClientAuthProblem = 'malformed_basic' | 'multiple_client_credentials'

/**
 * Finds the client credentials of a token, revocation or introspection request (RFC 6749 §2.3.1),
 * from `Authorization: Basic` or from `client_id` + `client_secret` in the body. Pure.
 * - a Basic header that cannot be read: `malformed_basic` (RFC 6749 §5.2 `invalid_request`,
 *   "otherwise malformed"), even with the body's credentials beside it;
 * - Basic and a body `client_secret` at once, or a body `client_id` naming another client:
 *   `multiple_client_credentials` (§2.3: "MUST NOT use more than one authentication method");
 * - no Basic header and no body `client_secret`: the value is undefined (the caller decides whether a
 *   client is required). Another scheme (a Bearer token) is not client authentication.
 *
 * @example
 * readClientCredentials('Basic bWFob18xOnNlY3JldA==', { grant_type: 'client_credentials' })
 * // { ok: true, value: { method: 'client_secret_basic', clientId: 'maho_1', clientSecret: 'secret' } }
 */
export function readClientCredentials(
  authorization: string | null | undefined,
  fields: Record<string, unknown>,
): Result<ClientCredentials | undefined, ClientAuthProblem> {
  const basic = authorization ? readBasic(authorization) : undefined
  if (basic?.ok === false && basic.reason === 'malformed_basic') return refused('malformed_basic')
  if (basic?.ok) {
    const bodyId = fields.client_id
    if (fields.client_secret !== undefined || (bodyId !== undefined && bodyId !== basic.value.clientId)) {
      return refused('multiple_client_credentials')
    }
    return ok({ method: 'client_secret_basic', ...basic.value })
  }
  const { client_id: clientId, client_secret: clientSecret } = fields
  if (typeof clientId === 'string' && typeof clientSecret === 'string' && clientId !== '' && clientSecret !== '') {
    return ok({ method: 'client_secret_post', clientId, clientSecret })
  }
  return ok(undefined)
}
