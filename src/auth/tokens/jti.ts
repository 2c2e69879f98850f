/** The shop's jti format: 32 lowercase hex characters. */
export const JTI_PATTERN = /^[0-9a-f]{32}$/

/** A fresh token id: 128 bits from the platform CSPRNG, as 32 lowercase hex characters. */
export function newJti(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16))
  let hex = ''
  for (const byte of bytes) hex += byte.toString(16).padStart(2, '0')
  return hex
}
