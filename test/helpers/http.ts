import { exports } from 'cloudflare:workers'

export const BASE = 'http://gatehouse.test'
export const API = `${BASE}/api/rest/v2`

let ipCounter = 0
/** A client IP unique to this call, so per-IP rate limits of one test never touch another's. */
export function freshIp(): string {
  ipCounter += 1
  const n = (Date.now() % 200) * 1000 + ipCounter + Math.floor(Math.random() * 1000) * 1_000_000
  return `10.${(n >>> 16) & 255}.${(n >>> 8) & 255}.${n & 255}`
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
