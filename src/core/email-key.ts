// How the shop's database compares emails, as a pure fold: the key D1's copies are stored and
// found under (customers.email_key), and the keys a change the shop accepted could have reached.
// A bottom-layer module: src/db keys its rows with it, src/auth and src/gateway fold names with it.

// Letters that unicode_ci expands and NFKD leaves whole; ß/ẞ apart: utf8_general_ci (Maho's
// default table collation) reads them as one `s`, unicode_ci as `ss` (emailKeys gives both).
const EXPANSIONS: ReadonlyMap<string, string> = new Map([
  ['æ', 'ae'],
  ['Æ', 'ae'],
  ['œ', 'oe'],
  ['Œ', 'oe'],
])
const COMBINING_MARK = /\p{M}/gu
// PAD SPACE (both utf8_general_ci and utf8mb4_unicode_ci): trailing spaces do not count.
const TRAILING_SPACES = / +$/

/**
 * The key under which the shop's database finds an email: its `customer_entity.email` column
 * compares with a case- and accent-insensitive MySQL/MariaDB collation (docs/credentials.md, "One
 * account, one identity"). Trailing spaces dropped (PAD SPACE), ß/æ/œ expanded, compatibility forms
 * decomposed (KELVIN SIGN → K, full-width letters → ASCII), combining marks dropped, lower case.
 * Pure.
 *
 * @example
 * emailKey('\u212Aim@Example.com ') // 'kim@example.com'
 */
export function emailKey(email: string, sharpS = 'ss'): string {
  let expanded = ''
  for (const char of email.replace(TRAILING_SPACES, '')) expanded += char === 'ß' || char === 'ẞ' ? sharpS : (EXPANSIONS.get(char) ?? char)
  return expanded.normalize('NFKD').replace(COMBINING_MARK, '').toLowerCase()
}

/**
 * Every key an email could have in the shop's database, whichever of the usual collations it
 * uses (utf8mb4_unicode_ci reads ß as `ss`, utf8_general_ci as `s`): what a change the shop
 * accepted for this email could have reached. Pure.
 */
export function emailKeys(email: string): string[] {
  return [...new Set([emailKey(email), emailKey(email, 's')])]
}

/** Whether two emails name the same account in the shop's database. Pure. */
export function sameEmail(a: string, b: string): boolean {
  return emailKey(a) === emailKey(b)
}
