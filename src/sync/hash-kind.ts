// The report's hash-format buckets, read with the gateway's own parser (src/auth/passwords/format.ts)
// so "verifiable at the edge" means exactly what a login will find.
import { parseHashFormat } from '../auth'

export const HASH_KINDS = ['bcrypt', 'argon2', 'md5', 'md5-salted', 'sha256', 'sha256-salted', 'sha512', 'sha512-salted', 'pbkdf2', 'unknown'] as const
export type HashKind = (typeof HASH_KINDS)[number]

const HEX_NAMES = { MD5: 'md5', 'SHA-256': 'sha256', 'SHA-512': 'sha512' } as const

/** Which bucket a stored hash falls in; anything the gateway cannot parse is `unknown`. */
export function hashKind(stored: string): HashKind {
  const format = parseHashFormat(stored)
  switch (format.kind) {
    case 'bcrypt':
      return 'bcrypt'
    case 'argon2':
      return 'argon2'
    case 'pbkdf2-sha256':
      return 'pbkdf2'
    case 'hex':
      return format.salt === null ? HEX_NAMES[format.algorithm] : `${HEX_NAMES[format.algorithm]}-salted`
    case 'malformed':
      return 'unknown'
  }
}

/** True for gatehouse's own PBKDF2: a hash the gateway made itself from a password the shop accepted. */
export function isGatehouseHash(stored: string | null): boolean {
  return stored !== null && parseHashFormat(stored).kind === 'pbkdf2-sha256'
}
