// Logins of the second-factor suites: through the gateway to the real demo shop, without the
// per-minute limits (callWith), in the JSON or the form dialect.
import type { Env } from '../../src/core/env'
import { UNLIMITED } from '../helpers/fallback'
import { callWith } from '../helpers/gateway-env'

/** Customer 6: in the gateway's seed with the second factor on, and in the demo shop. */
export const TINA = { email: 'twofa@example.com', password: 'password123' }
/** Customer 7: only in the demo shop, the second factor on. */
export const THEO = { email: 'twofa-shop@example.com', password: 'password123' }

export const TWOFA_REQUIRED = { error: 'twofa_required', message: 'Two-factor authentication code is required', code: 401 }
export const TWOFA_INVALID = { error: 'twofa_invalid', message: 'Two-factor authentication code is invalid', code: 401 }
export const BAD_CODE = { error: 'invalid_request', message: 'twofa_code must be a 6-digit code', code: 400 }

export interface LoginOptions {
  form?: boolean
  headers?: Record<string, string>
  env?: Partial<Env>
}

/** POST /auth/token: a JSON body, or (`form`) the same fields form-encoded with `grant_type=password`. */
export function tokenRequest(fields: Record<string, unknown>, options: LoginOptions = {}): Promise<Response> {
  const { email, ...rest } = fields
  const body = options.form
    ? new URLSearchParams(Object.entries({ grant_type: 'password', username: email, ...rest }).map(([k, v]) => [k, String(v)])).toString()
    : JSON.stringify(fields)
  const contentType = options.form ? 'application/x-www-form-urlencoded' : 'application/json'
  return callWith({ ...UNLIMITED, ...options.env }, '/auth/token', { method: 'POST', headers: { 'Content-Type': contentType, ...options.headers }, body })
}

/**
 * The token endpoint's error body, in either dialect: the shop's fields and RFC 6749 §5.2's
 * `error_description` (the same text as `message`).
 */
export function tokenError<T extends { message: string }>(answer: T) {
  return { ...answer, error_description: answer.message }
}
