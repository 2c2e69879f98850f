import { fail } from '../core'
import { hasPhpParameter } from './php-parameter-name'

const OVERRIDE = new Set(['_method'])

/**
 * Refuses `?_method=` in any spelling PHP reads as it (400 `method_override`). Symfony (with
 * `http_method_override`) and Laravel run a POST as the method named there, so a POST the policy
 * allowed could become a DELETE at the shop. Refused rather than stripped: a changed query would be
 * a request the client did not send. The header forms (`X-HTTP-Method-Override`, ...) are dropped
 * by the proxy instead; `_method` in a form body is the shop's to disable (see the README).
 */
export function refuseMethodOverride(query: URLSearchParams): void {
  if (hasPhpParameter(query, OVERRIDE)) fail('method_override', { detail: '_method in the query', event: { event: 'method_override_refused' } })
}
