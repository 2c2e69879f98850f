import type { Context } from 'hono'
import { authenticate } from '../auth/authenticate'
import { readConfig } from '../config'
import type { GatehouseEnv } from '../context'
import { forwardToOrigin } from '../proxy'
import { refuseMethodOverride } from './method-override'
import { revokeOnPasswordChange } from './password-change'
import { permit } from './permit'
import { refuseQueryCredentials } from './query-credentials'
import { resolveRoute } from './resolve-route'
import { reportRefusal, reportRevocation } from './security-events'

/**
 * The gateway for every request under `/api/rest/v2/` except the token endpoints: refuses what the
 * policy does not allow, forwards the rest to the origin. Every refusal is thrown and answered by
 * `onError` (and logged as a security event); nothing refused ever reaches the origin.
 *
 * @example
 * app.all('/api/rest/v2/*', gateway)
 */
export async function gateway(c: Context<GatehouseEnv>): Promise<Response> {
  try {
    return await pass(c)
  } catch (err) {
    reportRefusal(c, err)
    throw err
  }
}

async function pass(c: Context<GatehouseEnv>): Promise<Response> {
  const config = readConfig(c.env)
  const request = c.req.raw
  const url = new URL(request.url)
  const route = resolveRoute(request.method, url.pathname)
  c.set('route', route.rule.template)
  refuseMethodOverride(url.searchParams)
  // A bad Bearer token is refused even on a public route (shop-auth-facts.md "Errors").
  const principal = await authenticate(request.headers.get('Authorization'), c.env, config)
  permit(principal, route)
  refuseQueryCredentials(url.searchParams)
  const response = await forwardToOrigin({ request, canonicalPath: route.canonicalPath, principal, env: c.env, config })
  const revoked = await revokeOnPasswordChange(route, principal, response.status, c.env, Date.now() / 1000)
  if (revoked) reportRevocation(c, revoked.subject, revoked.jti)
  c.set('proxied', true)
  return response
}
