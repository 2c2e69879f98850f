// One hostile request and the exact answer it must get; every table in this folder is a list of
// these, run by one loop in a test file (and again, all together, by the log-leak test).
import { exports } from 'cloudflare:workers'
import { expect } from 'vitest'
import { API, freshIp } from '../helpers/http'

export interface HostileCase {
  name: string
  request: () => Request | Promise<Request>
  status: number
  body: unknown
}

/** The exact bodies the auth endpoints answer with (one table for every suite). */
export { ANSWERS } from '../helpers/answers'

export interface AuthPost {
  /** Sent as `Authorization: Bearer <token>`. */
  token?: string
  /** A raw body string or bytes; objects are JSON-encoded. */
  body?: unknown
  /** Defaults to application/json when there is a body; null sends none. */
  contentType?: string | null
  headers?: Record<string, string>
  query?: string
}

/** A POST to /auth/<endpoint> from a fresh client IP. */
export function authPost(endpoint: 'token' | 'refresh' | 'logout', init: AuthPost = {}): Request {
  const headers = new Headers(init.headers)
  if (!headers.has('CF-Connecting-IP')) headers.set('CF-Connecting-IP', freshIp())
  if (init.token !== undefined) headers.set('Authorization', `Bearer ${init.token}`)
  const body = init.body === undefined || typeof init.body === 'string' || init.body instanceof Uint8Array ? init.body : JSON.stringify(init.body)
  if (body !== undefined && init.contentType !== null) headers.set('Content-Type', init.contentType ?? 'application/json')
  return new Request(`${API}/auth/${endpoint}${init.query ?? ''}`, { method: 'POST', headers, body: body as BodyInit | undefined })
}

/** Sends a case and asserts its exact status and body; nothing hostile may cause a 5xx. */
export async function expectAnswer(row: HostileCase): Promise<void> {
  const res = await exports.default.fetch(await row.request())
  const body: unknown = await res.json()
  expect(res.status, JSON.stringify(body)).toBeLessThan(500)
  expect(res.status).toBe(row.status)
  expect(res.headers.get('Cache-Control')).toBe('no-store')
  expect(body).toEqual(row.body)
}
