// Test hooks under /__demo/ (demo origin only; the gateway never routes them from clients, they
// are outside /api/rest/v2). They let tests simulate a slow or failing shop and count origin hits
// without any real network.

const MAX_SLOW_MS = 120_000
// Tests tag their requests with this header so concurrent test files count their own hits only.
export const PROBE_HEADER = 'x-demo-probe'
// Tests that need the shop to answer a status through the gateway (a refused password change, a
// failing route) send this header; the gateway forwards it like any other request header.
export const STATUS_HEADER = 'x-demo-status'

let total = 0
const byProbe = new Map<string, number>()

/** Counts a request that reached the origin (hooks that read or reset the counter excluded). */
export function countHit(request: Request): void {
  total += 1
  const probe = request.headers.get(PROBE_HEADER)
  if (probe) {
    if (byProbe.size > 10_000) byProbe.clear()
    byProbe.set(probe, (byProbe.get(probe) ?? 0) + 1)
  }
}

/** Answers a /__demo/ hook, or undefined to fall through to the normal echo (after /__demo/slow's sleep). */
export async function demoHook(request: Request, url: URL): Promise<Response | undefined> {
  const path = url.pathname
  if (path === '/__demo/hits' && request.method === 'GET') {
    const probe = url.searchParams.get('probe')
    return Response.json({ hits: probe === null ? total : (byProbe.get(probe) ?? 0) })
  }
  if (path === '/__demo/hits/reset' && request.method === 'POST') {
    total = 0
    byProbe.clear()
    return Response.json({ hits: 0 })
  }
  if (path === '/__demo/slow') {
    const ms = Math.min(Number(url.searchParams.get('ms')) || 0, MAX_SLOW_MS)
    await new Promise((resolve) => setTimeout(resolve, ms))
    return undefined
  }
  const asked = /^[2-5][0-9]{2}$/.exec(request.headers.get(STATUS_HEADER) ?? '')
  if (asked) {
    // Read the body first, as a shop does: answering before the gateway has streamed it makes
    // workerd report "Can't read from request stream after response has been sent".
    await request.arrayBuffer()
    return answerWith(Number(asked[0]))
  }
  const status = /^\/__demo\/status\/([1-5][0-9]{2})$/.exec(path)
  if (status) return Response.json({ demo: true, status: Number(status[1]) }, { status: Number(status[1]) })
  if (path === '/__demo/hop-by-hop') {
    // An origin answer carrying connection-scoped headers the gateway must not pass on.
    return new Response('{"demo":true}', {
      headers: {
        'Content-Type': 'application/json',
        Connection: 'X-Hop-Secret',
        'X-Hop-Secret': 'must-not-pass',
        'Keep-Alive': 'timeout=5',
        'Proxy-Authenticate': 'Basic realm="origin"',
        'X-Origin-Header': 'passes',
      },
    })
  }
  return undefined
}

// 204, 205 and 304 carry no body (Fetch standard, "null body status").
function answerWith(status: number): Response {
  if (status === 204 || status === 205 || status === 304) return new Response(null, { status })
  return Response.json({ demo: true, status }, { status })
}
