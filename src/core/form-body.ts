import { ok, refused, type Result } from './result'

/** Why a form body is refused; each is a FailureReason of src/core/errors.ts (400 `invalid_request`). */
export type FormProblem = 'malformed_form' | 'duplicate_parameter'

/**
 * Parses an `application/x-www-form-urlencoded` body (RFC 6749 Appendix B: `+` is a space, the rest
 * percent-encoded UTF-8) into a null-prototype object. Pure; the caller caps the size.
 * - A name given twice is refused, empty value or not (RFC 6749 §3.1, §3.2: "Request and response
 *   parameters MUST NOT be included more than once").
 * - A name with no value (`a` or `a=`) is left out: "Parameters sent without a value MUST be treated
 *   as if they were omitted from the request" (§3.1). It still counts as a first appearance.
 * - Bad percent-encoding, an escape that is not UTF-8, or an empty name is `malformed_form`.
 *
 * @example
 * parseForm('grant_type=client_credentials&scope=a+b') // { ok: true, value: { grant_type: ..., scope: 'a b' } }
 */
export function parseForm(text: string): Result<Record<string, string>, FormProblem> {
  const fields: Record<string, string> = Object.create(null)
  const seen = new Set<string>()
  for (const pair of text.split('&')) {
    if (pair === '') continue
    const eq = pair.indexOf('=')
    const name = decodeFormComponent(eq === -1 ? pair : pair.slice(0, eq))
    const value = eq === -1 ? '' : decodeFormComponent(pair.slice(eq + 1))
    if (name === undefined || value === undefined || name === '') return refused('malformed_form')
    if (seen.has(name)) return refused('duplicate_parameter')
    seen.add(name)
    if (value !== '') fields[name] = value
  }
  return ok(fields)
}

/**
 * One form-encoded component (RFC 6749 Appendix B), or `undefined` when its percent-encoding is
 * broken or decodes to something that is not UTF-8. Pure.
 */
export function decodeFormComponent(component: string): string | undefined {
  try {
    // decodeURIComponent throws URIError on a stray `%`, a short escape or an invalid UTF-8 sequence.
    return decodeURIComponent(component.replaceAll('+', ' '))
  } catch {
    return undefined
  }
}
