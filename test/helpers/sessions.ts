// Helpers for the refresh-token and cookie-mode suites: log in, rotate, read Set-Cookie.
import { env } from 'cloudflare:workers'
import { expect } from 'vitest'
import { call, postJson } from './http'

/** The cookie origin of the local config (wrangler.toml COOKIE_ORIGINS). */
export const COOKIE_ORIGIN = 'http://localhost:8787'

export interface TokenAnswer {
  token: string
  tokenType: string
  expiresIn: number
  refreshToken: string
  refresh_token: string
  customer: { id: number; email: string; firstName: string; lastName: string }
}

/** A customer login in token mode; fails the test unless it answers 200. */
export async function login(email: string): Promise<TokenAnswer> {
  const res = await postJson('/auth/token', { email, password: 'password123' })
  expect(res.status).toBe(200)
  return res.json<TokenAnswer>()
}

/** `grant_type=refresh_token` as JSON. */
export function rotate(refreshToken: unknown, init: RequestInit = {}): Promise<Response> {
  return postJson('/auth/token', { grant_type: 'refresh_token', refresh_token: refreshToken }, init)
}

/** `grant_type=refresh_token` as a form (RFC 6749 §6). */
export function rotateForm(body: string, init: RequestInit = {}): Promise<Response> {
  const headers = new Headers(init.headers)
  headers.set('Content-Type', 'application/x-www-form-urlencoded')
  return call('/auth/token', { ...init, method: 'POST', headers, body })
}

/** The Set-Cookie values of an answer, by cookie name. */
export function setCookies(res: Response): Record<string, string> {
  const byName: Record<string, string> = {}
  for (const cookie of res.headers.getSetCookie()) byName[cookie.split('=', 1)[0]!] = cookie
  return byName
}

/** The value a Set-Cookie line sets. */
export function cookieValue(setCookie: string | undefined): string {
  return decodeURIComponent(setCookie?.split(';', 1)[0]?.split('=').slice(1).join('=') ?? '')
}

/** The rows of a family, by the customer it belongs to. */
export async function families(customerId: number) {
  const { results } = await env.DB.prepare('select id, revoked_at, revoked_reason from refresh_families where customer_id = ? order by created_at')
    .bind(customerId)
    .all<{ id: string; revoked_at: number | null; revoked_reason: string | null }>()
  return results
}

/** How many refresh tokens of a customer's families are still unused. */
export async function liveTokens(customerId: number): Promise<number> {
  const row = await env.DB.prepare(
    'select count(*) as n from refresh_tokens t join refresh_families f on f.id = t.family_id where f.customer_id = ? and t.rotated_at is null',
  )
    .bind(customerId)
    .first<{ n: number }>()
  return row!.n
}
