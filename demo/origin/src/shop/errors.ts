// The shop's error body, `{"error", "message", "code"}`, and its 401 challenge.
export const SHOP_ERRORS = {
  unsupported_grant_type: [400, 'unsupported_grant_type', 'Unsupported grant type'],
  customer_fields_missing: [400, 'invalid_request', 'Email and password are required'],
  client_fields_missing: [400, 'invalid_request', 'client_id and client_secret are required'],
  api_user_fields_missing: [400, 'invalid_request', 'username and api_key are required'],
  invalid_email: [400, 'invalid_request', 'Invalid email address'],
  social_fields_missing: [400, 'invalid_request', 'provider and providerToken are required'],
  invalid_json: [400, 'bad_request', 'Request body must be a JSON object'],
  invalid_credentials: [401, 'invalid_credentials', 'Invalid email or password'],
  invalid_client: [401, 'invalid_client', 'Invalid client credentials'],
  twofa_required: [401, 'twofa_required', 'Two-factor authentication code is required'],
  twofa_invalid: [401, 'twofa_invalid', 'Two-factor authentication code is invalid'],
  authentication_required: [401, 'unauthorized', 'Authentication required'],
  invalid_token: [401, 'unauthorized', 'Invalid or expired token'],
  wrong_current_password: [400, 'bad_request', 'Current password is incorrect'],
  cart_not_found: [404, 'not_found', 'Cart not found'],
  invalid_qty: [422, 'unprocessable_entity', 'qty must be an integer from 1 to 1000'],
  invalid_reset_token: [400, 'bad_request', 'Invalid or expired reset token'],
  invalid_account_token: [400, 'bad_request', 'Invalid or expired account token'],
  fields_missing: [422, 'unprocessable_entity', 'email, password, firstName and lastName are required'],
  password_fields_missing: [422, 'unprocessable_entity', 'currentPassword and newPassword are required'],
  reset_fields_missing: [422, 'unprocessable_entity', 'email, resetToken and newPassword are required'],
  order_fields_missing: [422, 'unprocessable_entity', 'accountToken and password are required'],
  weak_password: [422, 'unprocessable_entity', 'Password must be 6 to 256 bytes long'],
  invalid_name: [422, 'unprocessable_entity', 'First and last name must be non-empty strings'],
  email_taken: [409, 'conflict', 'A customer with this email already exists'],
  internal: [500, 'internal_server_error', 'Internal server error'],
} as const satisfies Record<string, readonly [number, string, string]>

export type ShopFailure = keyof typeof SHOP_ERRORS

/** The shop's JSON refusal; every 401 names the Bearer scheme (RFC 6750 §3). */
export function shopError(failure: ShopFailure): Response {
  const [status, error, message] = SHOP_ERRORS[failure]
  const headers: Record<string, string> = { 'Cache-Control': 'no-store' }
  if (failure === 'invalid_token') headers['WWW-Authenticate'] = 'Bearer error="invalid_token"'
  else if (status === 401) headers['WWW-Authenticate'] = 'Bearer'
  return Response.json({ error, message, code: status }, { status, headers })
}
