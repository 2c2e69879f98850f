import { fail } from '../core'
import { hasPhpParameter } from './php-parameter-name'

// RFC 6750 §2.3's `access_token`, and `jwt`, exist only to carry bearer tokens. `token` is left
// alone: it names other things too (reset links, cart tokens), and the gateway never reads it.
const CREDENTIALS = new Set(['access_token', 'jwt'])

/**
 * Refuses a token in the query string (400 `token_in_query`). The gateway authenticates from
 * `Authorization` only; a query token would be one the edge never verified (nor checked for
 * revocation) but a shop configured to read query tokens might honour, and URLs end up in logs
 * and browser history (RFC 6750 §5.3). Run after authorisation, so a protected route without
 * `Authorization` still answers 401 `authentication_required`.
 */
export function refuseQueryCredentials(query: URLSearchParams): void {
  if (hasPhpParameter(query, CREDENTIALS)) fail('token_in_query', { detail: 'bearer token parameter in the query', event: { event: 'query_token_refused' } })
}
