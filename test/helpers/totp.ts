// RFC 6238 TOTP (HMAC-SHA1, 6 digits, 30 s) with Web Crypto, written apart from the demo shop's
// so that the tests check it rather than share it.

/** The demo customers' secret (customers 6 and 7; README). */
export const DEMO_TOTP_SECRET = 'JBSWY3DPEHPK3PXP'

const PERIOD_MS = 30_000
// A code is sent only with this much of its period left, so the shop (which accepts the current
// period only) checks it within the same period even on a slow machine.
const MARGIN_MS = 8_000

/** The secret's code for the period holding `atMs`. */
export async function totp(atMs: number, secret = DEMO_TOTP_SECRET): Promise<string> {
  const key = await crypto.subtle.importKey('raw', fromBase32(secret), { name: 'HMAC', hash: 'SHA-1' }, false, ['sign'])
  const counter = Math.floor(atMs / PERIOD_MS)
  const message = new Uint8Array(8)
  new DataView(message.buffer).setBigUint64(0, BigInt(counter))
  const mac = new Uint8Array(await crypto.subtle.sign('HMAC', key, message))
  const offset = mac[19]! & 0xf
  const value = new DataView(mac.buffer).getUint32(offset) & 0x7fffffff
  return (value % 1_000_000).toString().padStart(6, '0')
}

/** The current code, after waiting out the end of a period if less than MARGIN_MS of it is left. */
export async function currentCode(secret = DEMO_TOTP_SECRET): Promise<string> {
  const left = PERIOD_MS - (Date.now() % PERIOD_MS)
  if (left < MARGIN_MS) await new Promise((resolve) => setTimeout(resolve, left + 50))
  return totp(Date.now(), secret)
}

/** A code that is not the current one (the code of a period far away, never equal to the current). */
export async function wrongCode(secret = DEMO_TOTP_SECRET): Promise<string> {
  const now = await currentCode(secret)
  for (let periods = 100; ; periods++) {
    const code = await totp(Date.now() + periods * PERIOD_MS, secret)
    if (code !== now) return code
  }
}

function fromBase32(text: string): Uint8Array<ArrayBuffer> {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567'
  const bits = [...text].map((c) => alphabet.indexOf(c).toString(2).padStart(5, '0')).join('')
  return new Uint8Array((bits.match(/.{8}/g) ?? []).map((byte) => parseInt(byte, 2)))
}
