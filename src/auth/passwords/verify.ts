import bcrypt from 'bcryptjs'
import { equalDigests, PBKDF2_ITERATIONS, parseHashFormat, utf8, type HashFormat, type HexAlgorithm } from './format'
import { verifyPbkdf2 } from './pbkdf2'

/** The shop refuses passwords over 256 bytes of UTF-8 whatever the stored hash says. */
export const MAX_PASSWORD_BYTES = 256

export interface PasswordCheck {
  ok: boolean
  /** True when `ok` and the stored hash is not our current PBKDF2 format: store `hashPassword()`. */
  needsRehash: boolean
}

const FAILED: PasswordCheck = Object.freeze({ ok: false, needsRehash: false })

// A PBKDF2 hash of a random throwaway password, generated once; nothing ever matches it.
const DUMMY = parseHashFormat('$pbkdf2-sha256$i=100000$aGLu/B54589akcm7Zf0XHg$r7HAkyWF6tcyNOXrk5LKFHz81EYzYGfYBgw18duDfUQ')

/**
 * Checks a password (or API key / client secret) against any stored format the shop writes, plus
 * our own PBKDF2. Never throws: malformed or unsupported hashes fail like a wrong password.
 *
 * @example
 * const { ok, needsRehash } = await verifyPassword(body.password, row.passwordHash)
 * if (ok && needsRehash) await saveHash(row.id, await hashPassword(body.password))
 */
export async function verifyPassword(password: string, stored: string): Promise<PasswordCheck> {
  if (!withinLimit(password)) return FAILED
  const format = parseHashFormat(stored)
  let ok: boolean
  try {
    ok = await verifyFormat(password, format)
  } catch {
    return FAILED
  }
  return ok ? { ok, needsRehash: !isCurrent(format) } : FAILED
}

/**
 * For an unknown account: spend what one real PBKDF2 verification costs, so the answer time does
 * not tell whether the account exists.
 */
/**
 * Whether Workers can check this stored hash at all: argon2 (which the shop may write) cannot be,
 * so logins against it go to the shop. Pure.
 */
export function isVerifiable(stored: string): boolean {
  return parseHashFormat(stored).kind !== 'argon2'
}

export async function verifyAgainstDummy(password: string): Promise<void> {
  if (!withinLimit(password)) return
  try {
    await verifyFormat(password, DUMMY)
  } catch {
    // The cost is the point; there is no result to report.
  }
}

function verifyFormat(password: string, format: HashFormat): Promise<boolean> | boolean {
  switch (format.kind) {
    case 'bcrypt':
      return verifyBcrypt(password, format.hash)
    case 'hex':
      return verifyHexDigest(password, format)
    case 'pbkdf2-sha256':
      return verifyPbkdf2(password, format)
    case 'argon2':
      // Memory-hard hashing Workers cannot run (no native argon2; WASM would blow the CPU budget).
      return false
    case 'malformed':
      return false
  }
}

function isCurrent(format: HashFormat): boolean {
  return format.kind === 'pbkdf2-sha256' && format.iterations === PBKDF2_ITERATIONS
}

function withinLimit(password: string): boolean {
  // UTF-8 never takes fewer bytes than UTF-16 code units, so huge inputs are refused unencoded.
  if (typeof password !== 'string' || password.length > MAX_PASSWORD_BYTES) return false
  return utf8.encode(password).length <= MAX_PASSWORD_BYTES
}

/**
 * bcrypt `$2a$`/`$2b$`/`$2y$` (`$2y$` is PHP's name for `$2b$`; bcryptjs computes all three the
 * same way). The first 29 characters are the setting (variant, cost, salt); we recompute and compare
 * the whole string in constant time ourselves.
 */
async function verifyBcrypt(password: string, stored: string): Promise<boolean> {
  const computed = await bcrypt.hash(password, stored.slice(0, 29))
  return equalDigests(utf8.encode(computed), utf8.encode(stored))
}

/**
 * The shop's legacy hex digests: digest(password), or digest(salt + password) when salted.
 * MD5 is a non-standard WebCrypto extension that Workers provide for exactly this kind of legacy data.
 */
async function verifyHexDigest(password: string, format: { algorithm: HexAlgorithm; digest: Uint8Array; salt: string | null }): Promise<boolean> {
  const input = utf8.encode((format.salt ?? '') + password)
  const computed = new Uint8Array(await crypto.subtle.digest(format.algorithm, input))
  return equalDigests(computed, format.digest)
}
