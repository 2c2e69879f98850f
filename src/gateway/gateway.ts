import type { Context } from 'hono'
import { authenticate } from '../auth/authenticate'
import { readConfig } from '../config'
import type { Env } from '../env'
import { forwardToOrigin } from '../proxy'
import { permit } from './permit'
import { resolveRoute } from './resolve-route'

/**
 * The gateway for every request under `/api/rest/v2/` except the token endpoints: refuses what the
 * policy does not allow, forwards the rest to the origin. Every refusal is thrown and answered by
 * `onError`; nothing refused ever reaches the origin.
 *
 * @example
 * app.all('/api/rest/v2/*', gateway)
 */
export async function gateway(c: Context<{ Bindings: Env }>): Promise<Response> {
  const config = readConfig(c.env)
  const request = c.req.raw
  const route = resolveRoute(request.method, new URL(request.url).pathname)
  // A bad Bearer token is refused even on a public route (shop-auth-facts.md "Errors").
  const principal = await authenticate(request.headers.get('Authorization'), c.env, config)
  permit(principal, route)
  return forwardToOrigin({ request, canonicalPath: route.canonicalPath, principal, env: c.env, config })
}
