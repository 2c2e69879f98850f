// How the demo shop marks its answers for caches. Every answer echoes the headers its reader sent
// (X-Forwarded-For among them), so it is `private`: the local demo never shows one reader's
// headers to another through the edge cache. Asked with `X-Demo-Cache: public`, anonymous GETs of
// the sample catalogue are `public, max-age=60, stale-while-revalidate=30`, as a shop's catalogue
// is. Catalogue answers carry an ETag of the data (a matching If-None-Match gets a 304). Tests and
// the bench shape answers with these request headers (test hooks, passed on by the gateway only
// where DEMO_HOOKS=on):
//   X-Demo-Cache: public       the catalogue answer as a shop's: public, kept by the edge cache;
//   X-Demo-Delay-Ms: N         the shop takes N ms (at most 5000) to answer, like a slow shop;
//   X-Demo-Answer-Headers: {}  a JSON object of headers set on the answer (Cache-Control,
//                              Set-Cookie, Vary, ETag, ...), for the edge cache's hostile cases.

export const DELAY_HEADER = 'x-demo-delay-ms'
export const ANSWER_HEADERS = 'x-demo-answer-headers'
export const CACHE_HEADER = 'x-demo-cache'
const MAX_DELAY_MS = 5000
const CATALOGUE = /^\/api\/rest\/v2\/(store-config|products|categories|cms-pages|countries)(\/[^/]+)?$/

/** Waits as long as the request's X-Demo-Delay-Ms asks. */
export async function shopDelay(request: Request): Promise<void> {
  const ms = Math.min(Number(request.headers.get(DELAY_HEADER)) || 0, MAX_DELAY_MS)
  if (ms > 0) await new Promise((resolve) => setTimeout(resolve, ms))
}

/** The answer for an echo body, with caching headers (and a 304) where the shop would send them. */
export async function withCaching(request: Request, url: URL, body: Record<string, unknown>): Promise<Response> {
  const headers = new Headers({ 'Content-Type': 'application/json', 'Cache-Control': 'private' })
  const catalogue =
    request.method === 'GET' && body.data !== undefined && body.data !== null && CATALOGUE.test(url.pathname) && !request.headers.has('authorization')
  if (catalogue) {
    if (request.headers.get(CACHE_HEADER) === 'public') headers.set('Cache-Control', 'public, max-age=60, stale-while-revalidate=30')
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
  return [...new Uint8Array(hash)]
    .map((b) => b.toString(16).padStart(2, '0'))
    .join('')
    .slice(0, 16)
}
