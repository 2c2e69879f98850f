import { bytesToBase64, equalDigests, PBKDF2_HASH_BYTES, PBKDF2_ITERATIONS, PBKDF2_PREFIX, utf8 } from './format'

const SALT_BYTES = 16

/** gatehouse's own format: PBKDF2-HMAC-SHA256, 100,000 iterations, random 16-byte salt. */
export async function hashPbkdf2(password: string): Promise<string> {
  const salt = crypto.getRandomValues(new Uint8Array(SALT_BYTES))
  const hash = await derive(password, salt, PBKDF2_ITERATIONS)
  return `${PBKDF2_PREFIX}i=${PBKDF2_ITERATIONS}$${bytesToBase64(salt)}$${bytesToBase64(hash)}`
}

export async function verifyPbkdf2(password: string, format: { iterations: number; salt: Uint8Array; hash: Uint8Array }): Promise<boolean> {
  const computed = await derive(password, format.salt, format.iterations)
  return equalDigests(computed, format.hash)
}

async function derive(password: string, salt: Uint8Array, iterations: number): Promise<Uint8Array> {
  const key = await crypto.subtle.importKey('raw', utf8.encode(password), 'PBKDF2', false, ['deriveBits'])
  const bits = await crypto.subtle.deriveBits({ name: 'PBKDF2', hash: 'SHA-256', salt, iterations }, key, PBKDF2_HASH_BYTES * 8)
  return new Uint8Array(bits)
}
