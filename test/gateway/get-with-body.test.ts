// A GET or HEAD carrying a body (HTTP/1.1 allows one; `curl -X GET --data x` sends it) reaches the
// Worker with a non-null body, but `new Request` refuses a body on those methods: forwarding it
// threw a TypeError and the gateway answered 500 to a hostile-but-harmless request.
import { createExecutionContext } from 'cloudflare:test'
import { env } from 'cloudflare:workers'
import { describe, expect, it } from 'vitest'
import worker from '../../src/index'
import { freshIp } from '../helpers/http'

// The runtime's own Request constructor refuses to build such a request, so the test hands the
// gateway what workerd hands it off the wire: a GET whose body is a stream.
function bodiedRequest(method: 'GET' | 'HEAD', path: string): Request {
  const carrier = new Request(`http://gatehouse.test/api/rest/v2${path}`, {
    method: 'POST',
    body: 'x=1',
    headers: { 'CF-Connecting-IP': freshIp(), 'Content-Type': 'text/plain', 'Content-Length': '3' },
  })
  return { method, url: carrier.url, headers: carrier.headers, body: carrier.body, signal: carrier.signal } as unknown as Request
}

describe('GET and HEAD with a body', () => {
  it('GET /products with a body is forwarded as a plain GET, not answered 500', async () => {
    const res = await worker.fetch(bodiedRequest('GET', '/products'), env, createExecutionContext())
    expect(res.status).toBe(200)
    const echo = await res.json<{ method: string; path: string; receivedBody?: string; receivedHeaders: Record<string, string> }>()
    expect(echo.method).toBe('GET')
    expect(echo.path).toBe('/api/rest/v2/products')
    expect(echo.receivedBody).toBeUndefined()
    expect(echo.receivedHeaders['content-length']).toBeUndefined()
  })

  it('HEAD /products with a body is forwarded as a plain HEAD', async () => {
    const res = await worker.fetch(bodiedRequest('HEAD', '/products'), env, createExecutionContext())
    expect(res.status).toBe(200)
    expect(await res.text()).toBe('')
  })
})
