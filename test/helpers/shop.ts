// Calls the demo shop (the demo origin worker, env.ORIGIN) directly, as the gateway's fallback
// and write-through do, not through the gateway.
import { env } from 'cloudflare:workers'
import { jwtVerify } from 'jose'
import { AUDIENCE, ISSUER, secret } from './tokens'

export const SHOP_API = 'http://shop.test/api/rest/v2'

/** Sends a request straight to the demo shop. */
export function shopFetch(path: string, init: RequestInit = {}): Promise<Response> {
  return env.ORIGIN!.fetch(path.startsWith('http') ? path : `${SHOP_API}${path}`, init)
}

/** POSTs JSON straight to the demo shop. */
export function shopPost(path: string, body: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return shopFetch(path, { method: 'POST', headers: { 'Content-Type': 'application/json', ...headers }, body: JSON.stringify(body) })
}

/** Logs in at the demo shop's own token endpoint and returns its token (throws unless 200). */
export async function shopLogin(body: Record<string, unknown>): Promise<string> {
  const res = await shopPost('/auth/token', body)
  if (res.status !== 200) throw new Error(`shop login answered ${res.status}: ${await res.text()}`)
  return (await res.json<{ token: string }>()).token
}

/** The raw JSON text of a token's payload, to see how numbers were written. */
export function payloadText(token: string): string {
  return new TextDecoder().decode(Uint8Array.from(atob(token.split('.')[1]!.replace(/-/g, '+').replace(/_/g, '/')), (c) => c.charCodeAt(0)))
}

/**
 * Verifies a token the demo shop issued (jose, the demo secret) and returns its claims. jose
 * compares a fractional `nbf` with whole seconds, so a token in its first second would count as
 * not yet valid: the check runs two seconds ahead (the shop's own check floors `nbf`).
 */
export async function verifyShopToken(token: string) {
  return await jwtVerify(token, secret(), { algorithms: ['HS256'], issuer: ISSUER, audience: AUDIENCE, currentDate: new Date(Date.now() + 2000) })
}
