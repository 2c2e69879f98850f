import type { Context } from 'hono'
import { authenticate } from '../auth'
import { throughEdgeCache } from '../cache'
import type { GatehouseEnv } from '../context'
import { forwardToOrigin } from '../proxy'
import { authorizationOf } from '../sessions'
import { captureCredentials } from '../credentials'
import { isCheckoutRoute, limitCheckout } from './checkout-limit'
import { humanCheck } from './human-check'
import { refuseMethodOverride } from './method-override'
import { permit } from './permit'
import { resolveRoute } from './resolve-route'
import { refuseQueryCredentials } from './query-credentials'

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
  const route = resolveRoute(request.method, url.pathname, ctx.config.policy.shopApiLine)
  c.set('route', route.rule.template)
  c.set('level', route.rule.level)
  // Without a query there is no parameter to refuse (and no URLSearchParams to build).
  const query = url.search === '' ? undefined : url.searchParams
  if (query) refuseMethodOverride(query)
  // Bots meet Turnstile on a listed storefront's registration and password reset, before anything else.
  const human = humanCheck(route, c)
  if (human) await human
  // A bad Bearer token is refused even on a public route (the shop does the same: docs/security.md).
  // Without Authorization, the access cookie stands for it (after the CSRF rule) and is verified the same way.
  const authorization = authorizationOf(c)
  const principal = authorization === undefined ? undefined : await authenticate(authorization, ctx)
  permit(principal, route)
  if (query) refuseQueryCredentials(query)
  // Order and payment attempts are counted before the shop sees them (card testing).
  if (isCheckoutRoute(route)) await limitCheckout(route, principal, ctx)
  const { requestId } = ctx
  // Routes that change credentials are read once (and forwarded as those bytes) to keep the edge copy current.
  const capturing = captureCredentials(route, principal, c)
  const capture = capturing && (await capturing)
  const askShop = (ifNoneMatch?: string | null) =>
    forwardToOrigin({
      request,
      body: capture?.bytes,
      url,
      canonicalPath: route.canonicalPath,
      principal,
      authorization,
      requestId,
      ifNoneMatch,
      env: ctx.env,
      config: ctx.config,
    })
  // Anonymous catalogue reads may be answered from the edge cache; everything else goes to the shop.
  const waitUntil = (work: Promise<unknown>) => c.executionCtx.waitUntil(work)
  const read = { request, url, route, authenticated: principal !== undefined, env: ctx.env, config: ctx.config, waitUntil, now: ctx.now * 1000 }
  const forwarded = await throughEdgeCache(read, askShop)
  const { response, own } = capture ? await capture.settle(forwarded) : { response: forwarded, own: false }
  // A social sign-in's answer is gatehouse's own session answer, not the shop's.
  if (own) return response
  c.set('proxied', true)
  // The one header the edge adds to every shop answer besides CORS: the id of our log lines (also
  // sent to the shop), so a client can quote it. It replaces any id the shop set itself.
  response.headers.set('X-Request-Id', requestId)
  return response
}
