import { hashPassword, verifyAgainstDummy, verifyPassword } from '../passwords'

/**
 * Checks a password, api key or client secret against a stored hash, spending one dummy
 * verification when there is no hash (unknown account) so timing does not tell the two apart.
 * Returns whether it matched and whether the stored hash should be upgraded.
 */
export async function checkSecret(secret: string, stored: string | null | undefined): Promise<{ ok: boolean; needsRehash: boolean }> {
  if (!stored) {
    await verifyAgainstDummy(secret)
    return { ok: false, needsRehash: false }
  }
  return verifyPassword(secret, stored)
}

/**
 * Stores the secret again in gatehouse's own format. A failure is logged and swallowed: the
 * login already succeeded and the old hash still works.
 */
export async function upgradeHash(secret: string, store: (hash: string) => Promise<void>, who: string): Promise<void> {
  try {
    await store(await hashPassword(secret))
  } catch (err) {
    console.error(JSON.stringify({ event: 'rehash_failed', account: who, error: String(err) }))
  }
}
