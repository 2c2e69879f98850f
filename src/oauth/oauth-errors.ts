import type { MiddlewareHandler } from 'hono'
import type { GatehouseEnv } from '../context'

/**
 * Marks a route as an OAuth 2.0 endpoint: its error answers add RFC 6749 §5.2's
 * `error_description` beside the shop's fields. First on the route, so every refusal carries it.
 *
 * @example
 * authRoutes.use('/token', oauthErrors)
 */
export const oauthErrors: MiddlewareHandler<GatehouseEnv> = async (c, next) => {
  c.set('oauth', true)
  await next()
}
