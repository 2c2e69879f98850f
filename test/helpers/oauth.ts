// Requests in the standard OAuth 2.0 dialect, and service accounts of one test's own, so the
// per-identity rate limit (5 a minute per client_id) of one test never meets another's.
import { env } from 'cloudflare:workers'
import { call } from './http'

/** The secret of every client made by `createClient` (the seed's hash of service 2's secret). */
export const CLIENT_SECRET = 'demo-catalog-secret'

let counter = 0
/** Inserts an active service account with a fresh `maho_` client_id and returns its id and client_id. */
export async function createClient(permissions: string[] = ['products/all']): Promise<{ id: number; clientId: string }> {
  counter += 1
  const hex = [...crypto.getRandomValues(new Uint8Array(16))].map((b) => b.toString(16).padStart(2, '0')).join('')
  const clientId = `maho_${hex}`
  const id = await env.DB.prepare(
    `insert into service_accounts (id, username, client_id, client_secret_hash, is_active, permissions)
     values ((select coalesce(max(id), 0) + 100 from service_accounts), ?, ?, (select client_secret_hash from service_accounts where id = 2), 1, ?)
     returning id`,
  ).bind(`client-${counter}-${hex.slice(0, 6)}`, clientId, JSON.stringify(permissions)).first<number>('id')
  return { id: id!, clientId }
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
