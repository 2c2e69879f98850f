// The exact error bodies gatehouse answers with, written out literally (not imported from
// src/core/errors.ts) so a change to the wire format fails the tests instead of following along.
const answer = (error: string, message: string, code: number) => ({ error, message, code })

export const ANSWERS = {
  badRequest: answer('bad_request', 'Bad request', 400),
  notJson: answer('bad_request', 'Request body must be a JSON object', 400),
  wrongType: answer('unsupported_media_type', 'Content-Type must be application/json', 415),
  notJsonOrForm: answer('unsupported_media_type', 'Content-Type must be application/json or application/x-www-form-urlencoded', 415),
  malformedForm: answer('invalid_request', 'Malformed form body', 400),
  repeatedParameter: answer('invalid_request', 'Request parameters must not be repeated', 400),
  malformedBasic: answer('invalid_request', 'Malformed HTTP Basic credentials', 400),
  twoClientAuths: answer('invalid_request', 'Use exactly one client authentication method', 400),
  clientAuthNotForGrant: answer('unauthorized_client', 'Client authentication is only accepted with grant_type client_credentials', 400),
  tokenMissing: answer('invalid_request', 'token is required', 400),
  tokenNotOwned: answer('unauthorized_client', 'The token was not issued to this client', 400),
  clientAuthRequired: answer('invalid_client', 'Client authentication required', 401),
  duplicateKey: answer('bad_request', 'Request body must not repeat a key', 400),
  lengthMismatch: answer('bad_request', 'Content-Length does not match the body', 400),
  badPath: answer('bad_request', 'Invalid request path', 400),
  methodOverride: answer('bad_request', 'Method override is not allowed', 400),
  tokenInQuery: answer('bad_request', 'Tokens are not accepted in the query string', 400),
  missingCustomer: answer('invalid_request', 'Email and password are required', 400),
  missingClient: answer('invalid_request', 'client_id and client_secret are required', 400),
  missingApiUser: answer('invalid_request', 'username and api_key are required', 400),
  badEmail: answer('invalid_request', 'Invalid email address', 400),
  badGrant: answer('unsupported_grant_type', 'Unsupported grant type', 400),
  invalidGrant: answer('invalid_grant', 'Invalid or expired refresh token', 400),
  noRefreshToken: answer('invalid_request', 'refresh_token is required', 400),
  invalidCredentials: answer('invalid_credentials', 'Invalid email or password', 401),
  invalidClient: answer('invalid_client', 'Invalid client credentials', 401),
  noToken: answer('unauthorized', 'Authentication required', 401),
  invalidToken: answer('unauthorized', 'Invalid or expired token', 401),
  forbidden: answer('forbidden', 'Insufficient permissions', 403),
  notOwnData: answer('forbidden', 'You can only access your own data', 403),
  notFound: answer('not_found', 'Not found', 404),
  methodNotAllowed: answer('method_not_allowed', 'Method not allowed', 405),
  tooLarge: answer('payload_too_large', 'Request body is too large', 413),
  tooMany: answer('too_many_requests', 'Too many requests, please try again later', 429),
  internal: answer('internal_server_error', 'Internal server error', 500),
  badGateway: answer('bad_gateway', 'The shop could not be reached', 502),
  unavailable: answer('service_unavailable', 'Service temporarily unavailable', 503),
  gatewayTimeout: answer('gateway_timeout', 'The shop did not answer in time', 504),
} as const

/**
 * An error body of the OAuth 2.0 endpoints (token, revoke, introspect): the shop's fields plus
 * RFC 6749 §5.2's `error_description`, the same text as `message`.
 */
export function oauthError<T extends { message: string }>(answer: T): T & { error_description: string } {
  return { ...answer, error_description: answer.message }
}

/** The RFC 6749 §5.1 fields every token answer carries beside the shop's, for `expect.objectContaining`-free exact bodies. */
export function bothDialects<T extends { token: unknown; tokenType: unknown; expiresIn: unknown }>(answer: T) {
  return { ...answer, access_token: answer.token, token_type: answer.tokenType, expires_in: answer.expiresIn }
}
