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
