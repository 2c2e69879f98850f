import type { Context, MiddlewareHandler } from 'hono'
import { cors } from 'hono/cors'
import type { GatehouseEnv } from '../context'

// The shop's own CORS policy on /api/ (docs/security.md, "CORS"), plus the request headers its
// storefront clients send (the guest order token, a client-chosen request id).
const ALLOW_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']
const ALLOW_HEADERS = [
  'Content-Type',
  'Authorization',
  'Accept',
  'X-Requested-With',
  'X-Store-Code',
  'X-Currency-Code',
  'X-Idempotency-Key',
  'X-Order-Token',
  'If-None-Match',
  'X-Request-Id',
  // The Turnstile token of a storefront's login, registration or reset (docs/security.md, "Bots").
  'CF-Turnstile-Response',
]
// What a browser client may read besides the CORS-safelisted headers: when to retry after a 429 or
// 503, why a 401 happened and where the metadata is (RFC 9728 §5.1), and the id to quote in a report.
const EXPOSE_HEADERS = ['RateLimit', 'RateLimit-Policy', 'Retry-After', 'WWW-Authenticate', 'X-Request-Id']

/**
 * CORS at the edge, as the shop has it: only the configured origins (`CORS_ORIGINS`, never `*`),
 * no credentials. Preflights (`OPTIONS`) are answered here with 204 and never reach the origin.
 * Built once per isolate; the allowed origins come from the request context's Config.
 *
 * @example
 * app.use('/api/*', shopCors)
 */
export const shopCors: MiddlewareHandler<GatehouseEnv> = async (c, next) => {
  // Preflights and requests with an Origin that may be allowed go through hono's middleware as is.
  if (c.req.method === 'OPTIONS' || c.req.raw.headers.has('origin')) {
    // A cookie-mode origin's scripts send the session cookies (`credentials: 'include'`): only its
    // answers say Access-Control-Allow-Credentials, and only for exactly that origin.
    const origin = c.req.header('Origin')
    if (origin !== undefined && c.get('ctx').config.sessions.cookieOrigins.includes(origin)) return cookieCors(c, next)
    return honoCors(c, next)
  }
  // Without an Origin, hono's middleware sets nothing and only appends `Vary: Origin` after the
  // answer, through `c.header`, which copies the finished Response to do it. The answers here are
  // all built by gatehouse (origin answers included: forwardToOrigin builds a new Response), so
  // their headers take the same append in place.
  await next()
  appendVaryOrigin(c)
}

const honoCors = cors({
  origin: (origin: string, c: Context<GatehouseEnv>) => (c.get('ctx').config.cors.origins.includes(origin) ? origin : null),
  allowMethods: ALLOW_METHODS,
  allowHeaders: ALLOW_HEADERS,
  exposeHeaders: EXPOSE_HEADERS,
  credentials: false,
  maxAge: 600,
})

const cookieCors = cors({
  origin: (origin: string) => origin,
  allowMethods: ALLOW_METHODS,
  allowHeaders: ALLOW_HEADERS,
  exposeHeaders: EXPOSE_HEADERS,
  credentials: true,
  maxAge: 600,
})

function appendVaryOrigin(c: Context<GatehouseEnv>): void {
  try {
    c.res.headers.append('Vary', 'Origin')
  } catch {
    // Immutable headers (a Response straight from fetch): hono's way, which copies it first.
    c.header('Vary', 'Origin', { append: true })
  }
}
