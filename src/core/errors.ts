import type { EventFields } from './log'

/**
 * Every way gatehouse refuses a request, with the status, shop error code and wire message.
 * The wire message is generic on purpose; the precise reason travels in `GatehouseError.detail`
 * to the log only.
 */
const FAILURES = {
  bad_request: { status: 400, code: 'bad_request', message: 'Bad request' },
  breached_password: { status: 400, code: 'bad_request', message: 'This password has appeared in a data breach. Please choose a different password.' },
  invalid_json: { status: 400, code: 'bad_request', message: 'Request body must be a JSON object' },
  duplicate_key: { status: 400, code: 'bad_request', message: 'Request body must not repeat a key' },
  length_mismatch: { status: 400, code: 'bad_request', message: 'Content-Length does not match the body' },
  invalid_path: { status: 400, code: 'bad_request', message: 'Invalid request path' },
  method_override: { status: 400, code: 'bad_request', message: 'Method override is not allowed' },
  token_in_query: { status: 400, code: 'bad_request', message: 'Tokens are not accepted in the query string' },
  body_too_large: { status: 413, code: 'payload_too_large', message: 'Request body is too large' },
  json_required: { status: 415, code: 'unsupported_media_type', message: 'Content-Type must be application/json' },
  unsupported_media_type: {
    status: 415,
    code: 'unsupported_media_type',
    message: 'Content-Type must be application/json or application/x-www-form-urlencoded',
  },
  // The OAuth 2.0 dialect (RFC 6749 §5.2 codes); see docs/oauth.md.
  malformed_form: { status: 400, code: 'invalid_request', message: 'Malformed form body' },
  duplicate_parameter: { status: 400, code: 'invalid_request', message: 'Request parameters must not be repeated' },
  malformed_basic: { status: 400, code: 'invalid_request', message: 'Malformed HTTP Basic credentials' },
  multiple_client_credentials: { status: 400, code: 'invalid_request', message: 'Use exactly one client authentication method' },
  client_auth_not_for_grant: { status: 400, code: 'unauthorized_client', message: 'Client authentication is only accepted with grant_type client_credentials' },
  token_missing: { status: 400, code: 'invalid_request', message: 'token is required' },
  token_not_owned: { status: 400, code: 'unauthorized_client', message: 'The token was not issued to this client' },
  invalid_client_basic: { status: 401, code: 'invalid_client', message: 'Invalid client credentials' },
  client_authentication_required: { status: 401, code: 'invalid_client', message: 'Client authentication required' },
  customer_fields_missing: { status: 400, code: 'invalid_request', message: 'Email and password are required' },
  client_fields_missing: { status: 400, code: 'invalid_request', message: 'client_id and client_secret are required' },
  api_user_fields_missing: { status: 400, code: 'invalid_request', message: 'username and api_key are required' },
  invalid_email: { status: 400, code: 'invalid_request', message: 'Invalid email address' },
  invalid_twofa_code: { status: 400, code: 'invalid_request', message: 'twofa_code must be a 6-digit code' },
  unsupported_grant_type: { status: 400, code: 'unsupported_grant_type', message: 'Unsupported grant type' },
  // RFC 6749 §5.2: a scope that is malformed or exceeds what the account holds.
  invalid_scope: { status: 400, code: 'invalid_scope', message: "The requested scope is invalid or exceeds the account's permissions" },
  refresh_token_missing: { status: 400, code: 'invalid_request', message: 'refresh_token is required' },
  // RFC 6749 §5.2: an invalid, expired or revoked refresh token is `invalid_grant`, status 400.
  invalid_grant: { status: 400, code: 'invalid_grant', message: 'Invalid or expired refresh token' },
  invalid_credentials: { status: 401, code: 'invalid_credentials', message: 'Invalid email or password' },
  invalid_client: { status: 401, code: 'invalid_client', message: 'Invalid client credentials' },
  // The shop's main line, word for word (docs/credentials.md "The second factor").
  twofa_required: { status: 401, code: 'twofa_required', message: 'Two-factor authentication code is required' },
  twofa_invalid: { status: 401, code: 'twofa_invalid', message: 'Two-factor authentication code is invalid' },
  authentication_required: { status: 401, code: 'unauthorized', message: 'Authentication required' },
  invalid_token: { status: 401, code: 'unauthorized', message: 'Invalid or expired token' },
  forbidden: { status: 403, code: 'forbidden', message: 'Insufficient permissions' },
  not_own_data: { status: 403, code: 'forbidden', message: 'You can only access your own data' },
  csrf_refused: { status: 403, code: 'forbidden', message: 'Cross-site request refused' },
  turnstile_missing: { status: 403, code: 'forbidden', message: 'Human verification required' },
  turnstile_failed: { status: 403, code: 'forbidden', message: 'Human verification failed' },
  route_not_found: { status: 404, code: 'not_found', message: 'Not found' },
  method_not_allowed: { status: 405, code: 'method_not_allowed', message: 'Method not allowed' },
  too_many_requests: { status: 429, code: 'too_many_requests', message: 'Too many requests, please try again later' },
  account_locked: { status: 429, code: 'too_many_requests', message: 'Too many requests, please try again later' },
  internal: { status: 500, code: 'internal_server_error', message: 'Internal server error' },
  misconfigured: { status: 500, code: 'internal_server_error', message: 'Gateway misconfigured' },
  origin_unreachable: { status: 502, code: 'bad_gateway', message: 'The shop could not be reached' },
  shop_answer_unusable: { status: 502, code: 'bad_gateway', message: 'The shop gave an answer the gateway cannot use' },
  storage_unavailable: { status: 503, code: 'service_unavailable', message: 'Service temporarily unavailable' },
  shop_unavailable: { status: 503, code: 'service_unavailable', message: 'Service temporarily unavailable' },
  verifier_unavailable: { status: 503, code: 'service_unavailable', message: 'Service temporarily unavailable' },
  origin_timeout: { status: 504, code: 'gateway_timeout', message: 'The shop did not answer in time' },
} as const satisfies Record<string, { status: number; code: string; message: string }>

export type FailureReason = keyof typeof FAILURES

/** A security event to log when a refusal is answered (`onError` adds the request id). */
export type SecurityEvent = EventFields

/**
 * The shop's error body: `{"error": code, "message": text, "code": status}`, plus RFC 6749 §5.2's
 * `error_description` (the same text) on the OAuth 2.0 endpoints.
 */
export interface ErrorBody {
  error: string
  message: string
  code: number
  error_description?: string
}

/** How `errorResponse` words an answer beyond the failure itself. */
export interface AnswerOptions {
  /** Named by every Bearer challenge (RFC 9728 §5.1). */
  resourceMetadata?: string | undefined
  /** Adds `error_description` (the token, revocation and introspection endpoints). */
  describe?: boolean | undefined
}

/** What a refusal carries besides its reason; every field optional. */
export interface FailOptions {
  /** Precise reason for the log; never sent to the client. */
  detail?: string
  /** Extra response headers, such as `Retry-After` or `Allow`. */
  headers?: Record<string, string>
  /** Logged as one line when the refusal is answered; only safe fields (see src/log.ts). */
  event?: SecurityEvent
}

/** A refusal raised anywhere in gatehouse and turned into an HTTP answer by `onError` alone. */
export class GatehouseError extends Error {
  override readonly name = 'GatehouseError'
  readonly detail: string | undefined
  readonly headers: Record<string, string> | undefined
  readonly event: SecurityEvent | undefined

  constructor(
    readonly reason: FailureReason,
    options: FailOptions = {},
  ) {
    super(options.detail ?? reason)
    this.detail = options.detail
    this.headers = options.headers
    this.event = options.event
  }
}

/**
 * Throws the refusal `reason`; `onError` answers it.
 *
 * @example
 * fail('account_locked', { detail: 'customer:12 locked', headers: { 'Retry-After': '60' }, event: { event: 'account_locked' } })
 */
export function fail(reason: FailureReason, options?: FailOptions): never {
  throw new GatehouseError(reason, options)
}

export function errorBody(reason: FailureReason, describe = false): ErrorBody {
  const { status, code, message } = FAILURES[reason]
  return describe ? { error: code, message, code: status, error_description: message } : { error: code, message, code: status }
}

export function statusOf(reason: FailureReason): number {
  return FAILURES[reason].status
}

/** Builds the JSON error answer for a failure, with the headers every refusal carries. */
export function errorResponse(reason: FailureReason, extraHeaders?: Record<string, string>, options: AnswerOptions = {}): Response {
  const body = errorBody(reason, options.describe)
  // `Cache-Control: no-store` is added with the other own-answer headers (src/secure-headers.ts).
  const headers = new Headers({ 'Content-Type': 'application/json; charset=UTF-8' })
  const challenge = wwwAuthenticate(reason, options.resourceMetadata)
  if (challenge) headers.set('WWW-Authenticate', challenge)
  for (const [name, value] of Object.entries(extraHeaders ?? {})) headers.set(name, value)
  return new Response(JSON.stringify(body), { status: body.code, headers })
}

// RFC 6750 §3: a 401 names the scheme; a bad token adds error="invalid_token". RFC 9728 §5.1: the
// challenge points at the protected resource metadata, as the shop's newer line does.
function wwwAuthenticate(reason: FailureReason, resourceMetadata: string | undefined): string | undefined {
  const metadata = resourceMetadata ? `, resource_metadata="${resourceMetadata}"` : ''
  switch (reason) {
    // The token endpoint's credential failures are 401s too, and every 401 names the scheme.
    case 'authentication_required':
    case 'invalid_credentials':
    case 'invalid_client':
    case 'twofa_required':
    case 'twofa_invalid':
      return `Bearer realm="maho-api"${metadata}`
    case 'invalid_token':
      return `Bearer realm="maho-api", error="invalid_token"${metadata}`
    // RFC 6749 §5.2: a failed HTTP Basic client authentication names the scheme the client used;
    // with no credentials at all, Basic is the one to use.
    case 'invalid_client_basic':
    case 'client_authentication_required':
      return 'Basic realm="maho-api"'
    default:
      return undefined
  }
}
