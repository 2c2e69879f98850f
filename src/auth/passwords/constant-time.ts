/**
 * Constant-time equality of two digests. `timingSafeEqual` throws on a length mismatch, and
 * digest lengths are public (they follow from the format), so the length check comes first.
 */
export function equalDigests(a: Uint8Array, b: Uint8Array): boolean {
  if (a.byteLength !== b.byteLength) return false
  return crypto.subtle.timingSafeEqual(a, b)
}
