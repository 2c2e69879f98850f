import type { Context } from 'hono'
import type { GatehouseEnv } from '../context'
import { fail } from '../core'
import { forwardToOrigin } from '../proxy'

/**
 * The shop's OAuth 2.1 server for MCP clients (its OAuthController, routes `api_oauth_authorize`
 * GET, `api_oauth_token` POST, `api_oauth_register` POST), off in the shop by default.
 */
export const SHOP_OAUTH_PATHS = ['/api/oauth/authorize', '/api/oauth/token', '/api/oauth/register'] as const

/**
 * `/api/oauth/{authorize,token,register}` with SHOP_OAUTH_SERVER=on: passed to the shop untouched
 * (its own client authentication, rate limits and answers), through the proxy's header hygiene
 * alone; 404 while it is off. The shop's redirects and cookies pass back as they are.
 *
 * @example
 * app.all('/api/oauth/token', shopOAuth('/api/oauth/token'))
 */
export function shopOAuth(path: (typeof SHOP_OAUTH_PATHS)[number]) {
  return async function shopOAuthHandler(c: Context<GatehouseEnv>): Promise<Response> {
    const ctx = c.get('ctx')
    if (!ctx.config.doors.shopOAuthServer) fail('route_not_found', { detail: 'SHOP_OAUTH_SERVER is off' })
    c.set('route', path)
    return passToShop(c, path)
  }
}

/**
 * A request the shop answers on its own terms (its OAuth server, its discovery documents): forwarded
 * anonymously through the proxy's header hygiene alone, its answer passed back as the shop wrote it,
 * with the request's `X-Request-Id`.
 *
 * @example
 * return passToShop(c, '/.well-known/oauth-authorization-server')
 */
export async function passToShop(c: Context<GatehouseEnv>, path: string): Promise<Response> {
  const ctx = c.get('ctx')
  const response = await forwardToOrigin({
    request: c.req.raw,
    canonicalPath: path,
    principal: undefined,
    requestId: ctx.requestId,
    env: ctx.env,
    config: ctx.config,
  })
  c.set('proxied', true)
  response.headers.set('X-Request-Id', ctx.requestId)
  return response
}
