// Password and key hashes as the shop stores them: bcrypt `$2y$` for everything it writes, and
// the legacy salted md5 (`hex:salt`, md5(salt + password)) it still accepts and upgrades on login.
import bcrypt from 'bcryptjs'
import { BCRYPT_COST, MAX_PASSWORD_BYTES } from './config'

const utf8 = new TextEncoder()
const SALTED_MD5 = /^([0-9a-f]{32}):(.+)$/
// Verified when an account is unknown, so that an unknown name costs one bcrypt like a known one.
const DUMMY_HASH = '$2y$10$HkHrlXUfp4Lu/odAFgxMOeSG3Nb9/jbp.rELNsgbPa4aHtQJE8Tey'

/** Whether `password` matches `stored`; an unknown account passes `stored` undefined. */
export async function verifyPassword(password: string, stored: string | undefined): Promise<boolean> {
  const tooLong = utf8.encode(password).byteLength > MAX_PASSWORD_BYTES
  if (stored === undefined || tooLong) {
    await verifyBcrypt(password.slice(0, MAX_PASSWORD_BYTES), DUMMY_HASH)
    return false
  }
  if (stored.startsWith('$2')) return verifyBcrypt(password, stored)
  const md5 = SALTED_MD5.exec(stored)
  if (md5) return verifyMd5(password, md5[2]!, md5[1]!)
  return false
}

/** A new hash in the shop's format: bcrypt, PHP's `$2y$` prefix. */
export async function hashPassword(password: string): Promise<string> {
  const hash = await bcrypt.hash(password, BCRYPT_COST)
  return `$2y$${hash.slice(4)}`
}

/** The shop rehashes anything that is not bcrypt when the customer logs in. */
export function needsUpgrade(stored: string): boolean {
  return !stored.startsWith('$2y$')
}

async function verifyBcrypt(password: string, stored: string): Promise<boolean> {
  // bcryptjs computes $2y$ like $2b$; recompute with the stored setting and compare the strings.
  const computed = await bcrypt.hash(password, stored.slice(0, 29))
  return equal(utf8.encode(computed.slice(4)), utf8.encode(stored.slice(4)))
}

async function verifyMd5(password: string, salt: string, hex: string): Promise<boolean> {
  // MD5 is a non-standard WebCrypto extension that Workers provide for legacy data like this.
  const digest = new Uint8Array(await crypto.subtle.digest('MD5', utf8.encode(salt + password)))
  const computed = [...digest].map((b) => b.toString(16).padStart(2, '0')).join('')
  return equal(utf8.encode(computed), utf8.encode(hex))
}

function equal(a: Uint8Array, b: Uint8Array): boolean {
  return a.byteLength === b.byteLength && crypto.subtle.timingSafeEqual(a, b)
}
