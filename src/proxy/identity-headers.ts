import type { Principal } from '../core'

/**
 * The identity headers for origins that do not read JWTs, from a verified principal.
 * Always set by the gateway after every client-sent spelling of `X-Gatehouse-*` has been dropped.
 */
export function identityHeaders(principal: Principal): Record<string, string> {
  const headers: Record<string, string> = {
    'X-Gatehouse-Subject': principal.subject,
    'X-Gatehouse-Type': principal.type,
  }
  if (principal.type === 'customer') {
    headers['X-Gatehouse-Customer-Id'] = String(principal.customerId)
  } else {
    headers['X-Gatehouse-Permissions'] = principal.permissions.join(',')
  }
  return headers
}
