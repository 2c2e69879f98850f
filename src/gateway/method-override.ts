import { fail } from '../errors'

// PHP reads a query name its own way before any framework sees it (PHP manual, "Variables From
// External Sources"): leading spaces are dropped, spaces and dots become `_`, and `name[...]` is an
// array named `name`. So ` _method`, `.method` and `_method[]` all reach the shop as `_method`.
function phpParameterName(name: string): string {
  const trimmed = name.replace(/^ +/, '')
  const bracket = trimmed.indexOf('[')
  const base = bracket >= 0 && trimmed.indexOf(']', bracket) > bracket ? trimmed.slice(0, bracket) : trimmed
  return base.replace(/[ .[]/g, '_').toLowerCase()
}

/** Whether a query asks the shop's framework to run another method than the one the policy checked. Pure. */
export function hasMethodOverride(query: URLSearchParams): boolean {
  for (const name of query.keys()) {
    if (phpParameterName(name) === '_method') return true
  }
  return false
}

/**
 * Refuses `?_method=` (400 `method_override`). Symfony (with `http_method_override`) and Laravel run
 * a POST as the method named there, so a POST the policy allowed could become a DELETE at the
 * shop. Refused rather than stripped: a changed query would be a request the client did not send.
 * The header forms (`X-HTTP-Method-Override`, ...) are dropped by the proxy instead.
 */
export function refuseMethodOverride(query: URLSearchParams): void {
  if (hasMethodOverride(query)) fail('method_override', '_method in the query')
}
