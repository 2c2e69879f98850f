// RFC 5321 §4.5.3.1.3 caps a path at 256 octets, so an address is at most 254 characters. The
// pattern is the one the shop's client libraries and zod use: ASCII, dotted, a TLD of letters.
const MAX_EMAIL_LENGTH = 254
const EMAIL = /^(?:[A-Za-z0-9_'+-]+\.)*[A-Za-z0-9_'+-]*[A-Za-z0-9_+-]@(?:[A-Za-z0-9][A-Za-z0-9-]*\.)+[A-Za-z]{2,}$/

/**
 * Whether `name` is an email the customer grant accepts. Pure; shared by the token endpoint and
 * `npm run sync` (which skips shop rows no login could name).
 */
export function isLoginEmail(name: string): boolean {
  return name.length <= MAX_EMAIL_LENGTH && EMAIL.test(name)
}
