// Requests in the standard OAuth 2.0 dialect, and service accounts of one test's own, so the
// per-identity rate limit (5 a minute per client_id) of one test never meets another's.
import { env } from 'cloudflare:workers'
import { call } from './http'

/** The secret of every client made by `createClient`. */
export const CLIENT_SECRET = 'demo-catalog-secret'
// CLIENT_SECRET in the shop's format at bcrypt's lowest cost, 4 (test/helpers/accounts.ts says why).
const CLIENT_SECRET_BCRYPT = '$2y$04$y0nDwS/jEpvew54ZfKh9AOSWgJ2P8hukbJhi/FjLREP5zTXQsCwF.'

let counter = 0
/**
 * Creates an active service account in both stores, as one the gateway has already copied from the
 * shop (confirmed just now): first in the demo shop, which hands out the id, then in this file's D1
 * with that id. Its client_secret is CLIENT_SECRET.
 */
export async function createClient(permissions: string[] = ['products/all']): Promise<{ id: number; clientId: string }> {
  counter += 1
  const hex = [...crypto.getRandomValues(new Uint8Array(16))].map((b) => b.toString(16).padStart(2, '0')).join('')
  const clientId = `maho_${hex}`
  const username = `client-${counter}-${hex.slice(0, 8)}`
  const secretHash = CLIENT_SECRET_BCRYPT
  const res = await env.ORIGIN!.fetch('http://origin.test/__demo/shop/api-users', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username, clientId, secretHash, permissions }),
  })
  if (!res.ok) throw new Error(`demo shop refused the service account: ${res.status} ${await res.text()}`)
  const { id } = await res.json<{ id: number }>()
  await env.DB.prepare(
    `insert into service_accounts (id, username, client_id, client_secret_hash, is_active, permissions, confirmed_at)
     values (?, ?, ?, ?, 1, ?, ?)`,
  )
    .bind(id, username, clientId, secretHash, JSON.stringify(permissions), Math.floor(Date.now() / 1000))
    .run()
  return { id, clientId }
}

/** `Authorization: Basic` for a client, each half form-encoded as RFC 6749 §2.3.1 says. */
export function basic(clientId: string, secret: string): string {
  const encode = (s: string) => encodeURIComponent(s).replace(/%20/g, '+')
  return `Basic ${btoa(`${encode(clientId)}:${encode(secret)}`)}`
}

/** POSTs a form body (a string, or fields to encode) to an auth endpoint. */
export function postForm(path: string, form: string | Record<string, string>, headers: Record<string, string> = {}): Promise<Response> {
  const body = typeof form === 'string' ? form : new URLSearchParams(form).toString()
  return call(path, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded', ...headers }, body })
}

export { oauthError } from './answers'
