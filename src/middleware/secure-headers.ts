import type { MiddlewareHandler } from 'hono'
import { secureHeaders } from 'hono/secure-headers'
import type { GatehouseEnv } from '../context'

// Configured for a JSON API that no browser should render, frame or sniff (OWASP REST Security
// Cheat Sheet, "Security headers"). Off: headers that only matter for HTML documents or for
// browsers nobody ships any more. HSTS is off on purpose: with includeSubDomains it binds the whole
// domain, which is the zone operator's decision (Cloudflare's zone HSTS setting), not a gateway's.
const jsonApiHeaders = secureHeaders({
  contentSecurityPolicy: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] },
  crossOriginOpenerPolicy: false,
  originAgentCluster: false,
  strictTransportSecurity: false,
  xDnsPrefetchControl: false,
  xDownloadOptions: false,
  xFrameOptions: 'DENY',
  xXssProtection: false,
})

const noNext = async () => {}

/**
 * Security headers on gatehouse's OWN answers (errors, token endpoints, CORS preflights, 404s):
 * hono's secure-headers set for a JSON API, `Cache-Control: no-store` (they hold tokens or errors;
 * RFC 6749 §5.1), and `X-Request-Id`. The origin's answers are left
 * exactly as the shop wrote them: the shop owns its caching and document headers.
 *
 * @example
 * app.use('*', ownAnswerHeaders)
 */
export const ownAnswerHeaders: MiddlewareHandler<GatehouseEnv> = async (c, next) => {
  await next()
  if (c.get('proxied')) return
  // hono's middleware sets its headers after `next()`; handing it a no-op `next` applies them to
  // the answer already made, so it can be skipped for proxied answers.
  await jsonApiHeaders(c, noNext)
  c.res.headers.set('Cache-Control', 'no-store')
  // The id of the request's log lines, for the client to quote (src/middleware/request-id.ts).
  c.res.headers.set('X-Request-Id', c.get('requestId'))
}
