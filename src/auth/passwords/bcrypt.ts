import bcrypt from 'bcryptjs'
import { equalDigests } from './constant-time'
import { utf8 } from './encoding'

/**
 * bcrypt `$2a$`/`$2b$`/`$2y$` (`$2y$` is PHP's name for `$2b$`; bcryptjs computes all three the
 * same way). The first 29 characters are the setting (variant, cost, salt); we recompute and compare
 * the whole string in constant time ourselves.
 */
export async function verifyBcrypt(password: string, stored: string): Promise<boolean> {
  const computed = await bcrypt.hash(password, stored.slice(0, 29))
  return equalDigests(utf8.encode(computed), utf8.encode(stored))
}
