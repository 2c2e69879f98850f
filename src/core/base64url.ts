// RFC 4648 §5 without padding, as JWS (RFC 7515 §2) and our refresh tokens use it. A final
// character carries 2 (length ≡ 2 mod 4) or 4 (≡ 3) bits the data does not use; decoders ignore
// them, so 'AB' and 'AC' would decode alike. RFC 4648 §3.5 lets a decoder refuse set pad bits: we
// do, so that one token has exactly one spelling (a revocation by jti, a cache key by token text
// and a log line all name the same string).
const CANONICAL = /^(?:[A-Za-z0-9_-]{4})*(?:[A-Za-z0-9_-][AQgw]|[A-Za-z0-9_-]{2}[AEIMQUYcgkosw048])?$/

/**
 * True when `text` is base64url without padding whose unused final bits are zero. Pure.
 *
 * @example
 * isCanonicalBase64url('AQ') // true
 * isCanonicalBase64url('AR') // false: decodes to the same byte as 'AQ'
 */
export function isCanonicalBase64url(text: string): boolean {
  return CANONICAL.test(text)
}
