import { type Principal, withoutSessionCookies } from '../core'
import { HOP_BY_HOP, isDemoHook, isGatewayOwned, isSpoofedEdgeHeader, METHOD_OVERRIDE, namedInConnection, normalizeHeaderName } from './header-names'
import { identityHeaders } from './identity-headers'

/** What the gateway knows about a request beyond its headers. */
export interface RequestFacts {
  /** The URL the client asked for: its scheme and host become X-Forwarded-Proto / -Host. */
  url: URL
  /** The verified caller, when the request carried a valid token. */
  principal: Principal | undefined
  /** The credential the request was verified with; set when it came from the access cookie. */
  authorization?: string | undefined
  /** The gateway's id for this request, sent as X-Request-Id so the shop's logs can quote it. */
  requestId?: string
  /** The origin is the local demo shop (`DEMO_HOOKS=on`): its `X-Demo-*` test hooks pass. Dropped otherwise. */
  demoHooks?: boolean
}

/**
 * The headers to send to the origin for a client request. Pure.
 *
 * Drops hop-by-hop headers (and those named in `Connection`), method overrides, every client
 * spelling of the headers the gateway owns, `_` spellings of Cloudflare's `CF-*` and, unless the
 * origin is the local demo shop, its `X-Demo-*` test hooks; removes session cookies from every
 * `Cookie` line; then sets
 * X-Forwarded-For / X-Real-IP from `CF-Connecting-IP` (the address Cloudflare saw, which clients
 * cannot forge), X-Forwarded-Proto / -Host from the URL, and the identity headers. `Authorization` passes unchanged: the shop
 * re-verifies our tokens.
 *
 * @example
 * const headers = originRequestHeaders(request.headers, { url: new URL(request.url), principal })
 */
export function originRequestHeaders(incoming: Headers, facts: RequestFacts): Headers {
  // One native copy, then one walk over the names deciding each drop once (the hop-by-hop rule of
  // withoutHopByHop and the gateway's own rules together); Set-Cookie values stay as they were.
  const headers = new Headers(incoming)
  const connectionNamed = namedInConnection(incoming.get('connection'))
  for (const name of incoming.keys()) {
    const normalized = normalizeHeaderName(name)
    if (
      HOP_BY_HOP.has(normalized) ||
      connectionNamed.has(normalized) ||
      METHOD_OVERRIDE.has(normalized) ||
      isGatewayOwned(normalized) ||
      isSpoofedEdgeHeader(name, normalized) ||
      (isDemoHook(normalized) && facts.demoHooks !== true)
    ) {
      headers.delete(name)
    }
  }
  // Session cookies are the gateway's: the shop gets the access token as a Bearer, never the cookies.
  const cookie = incoming.get('cookie')
  if (cookie && /gh_/i.test(cookie)) {
    const kept = withoutSessionCookies(cookie)
    if (kept === null) headers.delete('cookie')
    else headers.set('cookie', kept)
  }
  if (facts.authorization !== undefined) headers.set('Authorization', facts.authorization)
  const clientIp = incoming.get('cf-connecting-ip')
  if (clientIp) {
    headers.set('X-Forwarded-For', clientIp)
    headers.set('X-Real-IP', clientIp)
  }
  headers.set('X-Forwarded-Proto', facts.url.protocol.slice(0, -1))
  headers.set('X-Forwarded-Host', facts.url.host)
  if (facts.requestId) headers.set('X-Request-Id', facts.requestId)
  if (facts.principal) {
    for (const [name, value] of Object.entries(identityHeaders(facts.principal))) headers.set(name, value)
  }
  return headers
}
