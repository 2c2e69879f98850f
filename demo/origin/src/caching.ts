// How the demo shop marks its answers for caches, like a shop's catalogue: anonymous GETs of the
// sample catalogue are `public, max-age=60, stale-while-revalidate=30` with an ETag of the data
// (a matching If-None-Match gets a 304). Tests and the bench shape answers further with two
// request headers the gateway forwards like any other:
//   X-Demo-Delay-Ms: N         the shop takes N ms (at most 5000) to answer, like a slow shop;
//   X-Demo-Answer-Headers: {}  a JSON object of headers set on the answer (Cache-Control,
//                              Set-Cookie, Vary, ETag, ...), for the edge cache's hostile cases.

export const DELAY_HEADER = 'x-demo-delay-ms'
export const ANSWER_HEADERS = 'x-demo-answer-headers'
const MAX_DELAY_MS = 5000
const CATALOGUE = /^\/api\/rest\/v2\/(store-config|products|categories|cms-pages|countries)(\/[^/]+)?$/

/** Waits as long as the request's X-Demo-Delay-Ms asks. */
export async function shopDelay(request: Request): Promise<void> {
  const ms = Math.min(Number(request.headers.get(DELAY_HEADER)) || 0, MAX_DELAY_MS)
  if (ms > 0) await new Promise((resolve) => setTimeout(resolve, ms))
}

/** The answer for an echo body, with caching headers (and a 304) where the shop would send them. */
export async function withCaching(request: Request, url: URL, body: Record<string, unknown>): Promise<Response> {
  const headers = new Headers({ 'Content-Type': 'application/json' })
  const catalogue = request.method === 'GET' && body.data !== undefined && body.data !== null && CATALOGUE.test(url.pathname) && !request.headers.has('authorization')
  if (catalogue) {
    headers.set('Cache-Control', 'public, max-age=60, stale-while-revalidate=30')
    headers.set('ETag', `"${await digest(`${url.pathname}${url.search}\n${JSON.stringify(body.data)}`)}"`)
  }
  const asked = request.headers.get(ANSWER_HEADERS)
  if (asked) {
    for (const [name, value] of Object.entries(JSON.parse(asked) as Record<string, string>)) {
      if (name.toLowerCase() === 'set-cookie') headers.append(name, value)
      else headers.set(name, value)
    }
  }
  const etag = headers.get('ETag')
  if (etag && request.headers.get('if-none-match') === etag) return new Response(null, { status: 304, headers })
  return new Response(JSON.stringify(body), { headers })
}

async function digest(text: string): Promise<string> {
  const hash = await crypto.subtle.digest('SHA-1', new TextEncoder().encode(text))
  return [...new Uint8Array(hash)].map((b) => b.toString(16).padStart(2, '0')).join('').slice(0, 16)
}
