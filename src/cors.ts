import type { Context, MiddlewareHandler } from 'hono'
import { cors } from 'hono/cors'
import { readConfig } from './config'
import type { Env } from './env'

// The shop's own CORS policy on /api/ (shop-auth-facts.md "Store context and client IP").
const ALLOW_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']
const ALLOW_HEADERS = [
  'Content-Type',
  'Authorization',
  'Accept',
  'X-Requested-With',
  'X-Store-Code',
  'X-Currency-Code',
  'X-Idempotency-Key',
  'If-None-Match',
]

/**
 * CORS at the edge, as the shop has it: only the configured origins (`CORS_ORIGINS`, never `*`),
 * no credentials. Preflights (`OPTIONS`) are answered here with 204 and never reach the origin.
 * Built once per isolate; the allowed origins come from the per-isolate Config.
 *
 * @example
 * app.use('/api/*', shopCors)
 */
export const shopCors: MiddlewareHandler<{ Bindings: Env }> = cors({
  origin: (origin: string, c: Context<{ Bindings: Env }>) => (readConfig(c.env).cors.origins.includes(origin) ? origin : null),
  allowMethods: ALLOW_METHODS,
  allowHeaders: ALLOW_HEADERS,
  credentials: false,
  maxAge: 600,
})
