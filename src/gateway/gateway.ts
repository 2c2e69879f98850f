import type { Context } from 'hono'
import { authenticate } from '../auth'
import type { GatehouseEnv } from '../context'
import { forwardToOrigin } from '../proxy'
import { capturedRoute } from './capture-plan'
import { refuseMethodOverride } from './method-override'
import { permit } from './permit'
import { refuseQueryCredentials } from './query-credentials'
import { resolveRoute } from './resolve-route'
import { readCapturedBody, writeThrough } from './write-through'

/**
 * The gateway for every request under `/api/rest/v2/` except the token endpoints: refuses what the
 * policy does not allow, forwards the rest to the origin. Every refusal is thrown and answered by
 * `onError`, which logs the security event the refusal carries; nothing refused ever reaches the origin.
 *
 * @example
 * app.all('/api/rest/v2/*', gateway)
 */
export async function gateway(c: Context<GatehouseEnv>): Promise<Response> {
  const ctx = c.get('ctx')
  const request = c.req.raw
  const url = new URL(request.url)
  const route = resolveRoute(request.method, url.pathname)
  c.set('route', route.rule.template)
  refuseMethodOverride(url.searchParams)
  // A bad Bearer token is refused even on a public route (shop-auth-facts.md "Errors").
  const principal = await authenticate(request.headers.get('Authorization'), ctx)
  permit(principal, route)
  refuseQueryCredentials(url.searchParams)
  const { requestId } = ctx
  // Routes that change credentials are read once (and forwarded as those bytes) to keep D1 current.
  const captured = capturedRoute(route)
  const body = captured ? await readCapturedBody(c) : undefined
  const forwarded = await forwardToOrigin({ request, body: body?.bytes, url, canonicalPath: route.canonicalPath, principal, requestId, env: ctx.env, config: ctx.config })
  const response = captured && body ? await writeThrough({ route: captured, body: body.value, response: forwarded, principal, ctx }) : forwarded
  c.set('proxied', true)
  // The one header the edge adds to every shop answer besides CORS: the id of our log lines (also
  // sent to the shop), so a client can quote it. It replaces any id the shop set itself.
  response.headers.set('X-Request-Id', requestId)
  return response
}
