// RFC 5321 §4.5.3.1.3 caps a path at 256 octets, so an address is at most 254 characters. The
// pattern is the one the shop's client libraries and zod use: ASCII, dotted, a TLD of letters.
const MAX_EMAIL_LENGTH = 254
const EMAIL = /^(?:[A-Za-z0-9_'+\-]+\.)*[A-Za-z0-9_'+\-]*[A-Za-z0-9_+-]@(?:[A-Za-z0-9][A-Za-z0-9\-]*\.)+[A-Za-z]{2,}$/

/**
 * Whether `name` is an email the customer grant accepts. Pure; shared by the token endpoint and
 * `npm run sync` (which skips shop rows no login could name).
 */
export function isLoginEmail(name: string): boolean {
  return name.length <= MAX_EMAIL_LENGTH && EMAIL.test(name)
}

// Letters that unicode_ci expands and NFKD leaves whole. utf8_general_ci (Maho's default table
// collation) reads ß as one `s` instead: emailKeys gives both readings.
const EXPANSIONS: ReadonlyMap<string, string> = new Map([
  ['ß', 'ss'],
  ['ẞ', 'ss'],
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
