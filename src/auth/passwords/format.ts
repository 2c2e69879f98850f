export type HexAlgorithm = 'MD5' | 'SHA-256' | 'SHA-512'

/** What a stored password/key hash is, read from the string alone. */
export type HashFormat =
  | { kind: 'bcrypt'; variant: '2a' | '2b' | '2y'; cost: number; hash: string }
  | { kind: 'hex'; algorithm: HexAlgorithm; digest: Uint8Array; salt: string | null }
  | { kind: 'pbkdf2-sha256'; iterations: number; salt: Uint8Array; hash: Uint8Array }
  | { kind: 'argon2'; variant: string }
  | { kind: 'malformed'; reason: string }

/** Our PBKDF2 prefix: `$pbkdf2-sha256$i=<iterations>$<salt b64>$<hash b64>`. */
export const PBKDF2_PREFIX = '$pbkdf2-sha256$'
/** Production Workers refuse PBKDF2 above 100,000 iterations per call (local workerd does not). */
export const PBKDF2_ITERATIONS = 100_000
export const PBKDF2_HASH_BYTES = 32
const PBKDF2_MIN_SALT_BYTES = 16
const PBKDF2_MAX_SALT_BYTES = 64

// Cost 12 in bcryptjs is already ~0.25 s of CPU; the shop writes 10 or 12. Anything above 13 would
// burn the Worker's CPU budget on one login, so it is refused rather than attempted.
const BCRYPT_MAX_COST = 13
const BCRYPT = /^\$(2[aby])\$(\d\d)\$[./A-Za-z0-9]{53}$/

const HEX_BY_LENGTH: Record<number, HexAlgorithm> = { 32: 'MD5', 64: 'SHA-256', 128: 'SHA-512' }
const ARGON2 = /^\$(argon2(?:i|d|id))\$/
const ITERATIONS = /^i=([1-9][0-9]{0,9})$/

/**
 * Reads a stored hash into a tagged format. Pure: never throws, never touches crypto; anything it
 * cannot read becomes `{kind: 'malformed'}` so verification fails closed.
 *
 * @example
 * parseHashFormat('5f4dcc3b5aa765d61d8327deb882cf99') // { kind: 'hex', algorithm: 'MD5', salt: null, ... }
 */
export function parseHashFormat(stored: string): HashFormat {
  if (typeof stored !== 'string' || stored.length === 0) return malformed('empty')
  if (stored.length > 1024) return malformed('too long')
  if (stored.startsWith(PBKDF2_PREFIX)) return parsePbkdf2(stored)
  const argon2 = ARGON2.exec(stored)
  if (argon2) return { kind: 'argon2', variant: argon2[1]! }
  if (stored.startsWith('$2')) return parseBcrypt(stored)
  if (stored.startsWith('$')) return malformed('unknown $-prefixed scheme')
  return parseHex(stored)
}

function parseBcrypt(stored: string): HashFormat {
  const match = BCRYPT.exec(stored)
  if (!match) return malformed('bad bcrypt string')
  const cost = Number(match[2])
  if (cost < 4 || cost > BCRYPT_MAX_COST) return malformed(`bcrypt cost ${cost} outside 4..${BCRYPT_MAX_COST}`)
  return { kind: 'bcrypt', variant: match[1] as '2a' | '2b' | '2y', cost, hash: stored }
}

// The shop's legacy formats: `<hex>` = digest(password), `<hex>:<salt>` = digest(salt + password).
// Like the shop (which splits on ':' and expects at most two parts), a salt holding ':' is refused.
function parseHex(stored: string): HashFormat {
  const parts = stored.split(':')
  if (parts.length > 2) return malformed('more than one ":"')
  const [hex, salt] = parts as [string, string | undefined]
  const algorithm = HEX_BY_LENGTH[hex.length]
  if (!algorithm) return malformed('hex digest length is not 32, 64 or 128')
  const digest = hexToBytes(hex)
  if (!digest) return malformed('not hex')
  if (salt === '') return malformed('empty salt')
  return { kind: 'hex', algorithm, digest, salt: salt ?? null }
}

function parsePbkdf2(stored: string): HashFormat {
  const parts = stored.slice(PBKDF2_PREFIX.length).split('$')
  if (parts.length !== 3) return malformed('pbkdf2 needs i=, salt and hash')
  const [params, saltText, hashText] = parts as [string, string, string]
  const iterations = ITERATIONS.exec(params)
  if (!iterations) return malformed('bad pbkdf2 iteration count')
  const count = Number(iterations[1])
  if (count > PBKDF2_ITERATIONS) return malformed(`pbkdf2 iterations ${count} above the Workers cap`)
  const salt = base64ToBytes(saltText)
  if (!salt || salt.length < PBKDF2_MIN_SALT_BYTES || salt.length > PBKDF2_MAX_SALT_BYTES) {
    return malformed('bad pbkdf2 salt')
  }
  const hash = base64ToBytes(hashText)
  if (!hash || hash.length !== PBKDF2_HASH_BYTES) return malformed('bad pbkdf2 hash')
  return { kind: 'pbkdf2-sha256', iterations: count, salt, hash }
}

function malformed(reason: string): HashFormat {
  return { kind: 'malformed', reason }
}

const HEX = /^(?:[0-9a-fA-F]{2})+$/
// Standard alphabet, padding optional (our own format writes it unpadded, like PHC strings).
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/

export const utf8 = new TextEncoder()

/** Hex to bytes, or undefined when the text is not whole hex bytes. */
export function hexToBytes(text: string): Uint8Array | undefined {
  if (!HEX.test(text)) return undefined
  const bytes = new Uint8Array(text.length / 2)
  for (let i = 0; i < bytes.length; i++) bytes[i] = parseInt(text.slice(i * 2, i * 2 + 2), 16)
  return bytes
}

/** Base64 to bytes, or undefined when the text is not canonical base64. */
export function base64ToBytes(text: string): Uint8Array | undefined {
  if (!BASE64.test(text)) return undefined
  const bare = text.replace(/=+$/, '')
  if (bare.length % 4 === 1) return undefined
  let binary: string
  try {
    binary = atob(bare.padEnd(Math.ceil(bare.length / 4) * 4, '='))
  } catch {
    return undefined
  }
  const bytes = Uint8Array.from(binary, (c) => c.charCodeAt(0))
  // Refuse non-canonical encodings (stray low bits), so one hash has exactly one spelling.
  return bytesToBase64(bytes) === bare ? bytes : undefined
}

/** Bytes to unpadded standard base64. */
export function bytesToBase64(bytes: Uint8Array): string {
  let binary = ''
  for (const byte of bytes) binary += String.fromCharCode(byte)
  return btoa(binary).replace(/=+$/, '')
}

/**
 * Constant-time equality of two digests. `timingSafeEqual` throws on a length mismatch, and
 * digest lengths are public (they follow from the format), so the length check comes first.
 */
export function equalDigests(a: Uint8Array, b: Uint8Array): boolean {
  if (a.byteLength !== b.byteLength) return false
  return crypto.subtle.timingSafeEqual(a, b)
}
