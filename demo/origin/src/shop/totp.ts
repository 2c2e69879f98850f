// The shop's TOTP check (Mage_Core_Helper_Security::verifyTotpCode, spomky-labs/otphp 11 defaults):
// RFC 6238 with HMAC-SHA1, 6 digits, 30-second periods, and no leeway: only the code of the
// current period passes. Like the shop, a code may be used again within its period.

const PERIOD_SECONDS = 30
const DIGITS = 6
const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567'

/** Whether `code` is the secret's code for the period holding `nowMs`. */
export async function verifyTotp(base32Secret: string, code: string, nowMs: number): Promise<boolean> {
  const expected = await totpAt(base32Secret, Math.floor(nowMs / 1000 / PERIOD_SECONDS))
  return constantTimeEqual(expected, code)
}

async function totpAt(base32Secret: string, counter: number): Promise<string> {
  const key = await crypto.subtle.importKey('raw', base32Decode(base32Secret), { name: 'HMAC', hash: 'SHA-1' }, false, ['sign'])
  const message = new DataView(new ArrayBuffer(8))
  message.setUint32(0, Math.floor(counter / 2 ** 32))
  message.setUint32(4, counter >>> 0)
  const mac = new Uint8Array(await crypto.subtle.sign('HMAC', key, message))
  // RFC 4226 §5.3: dynamic truncation.
  const offset = mac[mac.length - 1]! & 0x0f
  const binary = ((mac[offset]! & 0x7f) << 24) | (mac[offset + 1]! << 16) | (mac[offset + 2]! << 8) | mac[offset + 3]!
  return String(binary % 10 ** DIGITS).padStart(DIGITS, '0')
}

function base32Decode(text: string): Uint8Array {
  const bytes: number[] = []
  let bits = 0
  let value = 0
  for (const char of text.toUpperCase().replace(/=+$/, '')) {
    const index = BASE32.indexOf(char)
    if (index === -1) throw new Error('secret is not base32')
    value = (value << 5) | index
    bits += 5
    if (bits >= 8) {
      bytes.push((value >>> (bits - 8)) & 0xff)
      bits -= 8
    }
  }
  return new Uint8Array(bytes)
}

function constantTimeEqual(a: string, b: string): boolean {
  if (a.length !== b.length) return false
  let diff = 0
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i)
  return diff === 0
}
