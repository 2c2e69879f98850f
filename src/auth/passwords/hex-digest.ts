import { equalDigests } from './constant-time'
import { utf8 } from './encoding'
import type { HexAlgorithm } from './format'

/**
 * The shop's legacy hex digests: digest(password), or digest(salt + password) when salted.
 * MD5 is a non-standard WebCrypto extension that Workers provide for exactly this kind of legacy data.
 */
export async function verifyHexDigest(
  password: string,
  format: { algorithm: HexAlgorithm; digest: Uint8Array; salt: string | null },
): Promise<boolean> {
  const input = utf8.encode((format.salt ?? '') + password)
  const computed = new Uint8Array(await crypto.subtle.digest(format.algorithm, input))
  return equalDigests(computed, format.digest)
}
