import { exports } from 'cloudflare:workers'

export const BASE = 'http://gatehouse.test'
export const API = `${BASE}/api/rest/v2`

let ipCounter = 0
/**
 * A client IP no other call in this test file uses, so the per-IP limit of one test never touches
 * another's. A counter is enough: each test file runs in its own isolate with its own rate-limit
 * state.
 */
export function freshIp(): string {
  ipCounter += 1
  return `10.${(ipCounter >>> 16) & 255}.${(ipCounter >>> 8) & 255}.${ipCounter & 255}`
}

/** Sends a request to the gateway's default export, from a fresh client IP unless one is given. */
export function call(path: string, init: RequestInit = {}): Promise<Response> {
  const headers = new Headers(init.headers)
  if (!headers.has('CF-Connecting-IP')) headers.set('CF-Connecting-IP', freshIp())
  const url = path.startsWith('http') ? path : `${API}${path}`
  return exports.default.fetch(new Request(url, { ...init, headers }))
}

/** POSTs a JSON body. */
export function postJson(path: string, body: unknown, init: RequestInit = {}): Promise<Response> {
  const headers = new Headers(init.headers)
  headers.set('Content-Type', 'application/json')
  return call(path, { ...init, method: 'POST', headers, body: JSON.stringify(body) })
}
