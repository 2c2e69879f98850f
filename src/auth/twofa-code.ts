import { fail } from '../core'

const SIX_DIGITS = /^[0-9]{6}$/

/**
 * A customer login's `twofa_code` (the shop's main line: docs/credentials.md "The second factor"),
 * as the six-digit string the shop checks, or `undefined` when the request carries none (absent,
 * null, or empty: RFC 6749 §3.1 treats an empty parameter as omitted, the shop an empty code as
 * missing). A JSON number is an integer 0…999999 written with its leading zeros (`12345` is the
 * code `012345`, which a number cannot spell). Anything else is 400 `invalid_request` before the
 * login is looked at: a string that is not exactly six ASCII digits (no spaces, no other digits),
 * a fraction, a boolean, an array, an object. Pure.
 *
 * @example
 * readTwofaCode(123456) // '123456'
 * readTwofaCode('000042') // '000042'
 * readTwofaCode('12345') // throws invalid_twofa_code
 */
export function readTwofaCode(value: unknown): string | undefined {
  if (value === undefined || value === null || value === '') return undefined
  if (typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= 999_999) return String(value).padStart(6, '0')
  if (typeof value === 'string' && SIX_DIGITS.test(value)) return value
  return fail('invalid_twofa_code', {
    detail: `twofa_code is a ${Array.isArray(value) ? 'array' : typeof value}${typeof value === 'string' ? ` of ${value.length} characters` : ''}`,
  })
}
