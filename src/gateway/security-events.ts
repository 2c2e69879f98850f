import type { Context } from 'hono'
import type { GatehouseEnv } from '../context'
import { GatehouseError, type FailureReason } from '../errors'
import { logEvent } from '../observe/emit'

// Refusals worth a security log line at the gateway; other failures are the request line's alone.
const KIND_OF: Partial<Record<FailureReason, string>> = {
  invalid_path: 'bad_path',
  method_override: 'method_override',
  token_in_query: 'token_in_query',
  invalid_token: 'invalid_token',
  authentication_required: 'authorization_refused',
  forbidden: 'authorization_refused',
  not_own_data: 'authorization_refused',
  // Fail-closed refusals (and a password change whose revocation could not be stored) need an
  // operator: the request line alone is easy to miss.
  storage_unavailable: 'revocation_store_unavailable',
}

// The verifier's detail says why a token failed; these are the cases worth their own name.
function tokenKind(detail: string | undefined): string {
  if (/is revoked/.test(detail ?? '')) return 'revoked_token'
  if (/SIGNATURE_VERIFICATION_FAILED|ALG_NOT_ALLOWED|REFUSED_HEADER/.test(detail ?? '')) return 'forged_token'
  return 'invalid_token'
}

/**
 * One `{"event":"security"}` line for a refusal at the gateway: bad path, method override, a
 * token in the query, a bad, forged or revoked token, authorization refused. `detail` is the precise reason (never a token:
 * the verifier names a jti at most); the path and query are not logged (see request-log.ts).
 */
export function reportRefusal(c: Context<GatehouseEnv>, err: unknown): void {
  if (!(err instanceof GatehouseError)) return
  const kind = KIND_OF[err.reason]
  if (!kind) return
  logEvent({
    event: 'security',
    kind: kind === 'invalid_token' ? tokenKind(err.detail) : kind,
    requestId: c.get('requestId'),
    method: c.req.method,
    route: c.get('route') ?? null,
    reason: err.reason,
    detail: err.detail,
  })
}

/**
 * One `{"event":"security","kind":"tokens_revoked"}` line when a password change revoked the
 * customer's other tokens: who (the subject, an id) and which token was kept (its jti).
 */
export function reportRevocation(c: Context<GatehouseEnv>, subject: string, keptJti: string): void {
  logEvent({
    event: 'security',
    kind: 'tokens_revoked',
    requestId: c.get('requestId'),
    method: c.req.method,
    route: c.get('route') ?? null,
    reason: 'password_changed',
    subject,
    keptJti,
  })
}
