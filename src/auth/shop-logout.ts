import type { RequestContext } from '../context'
import { originTarget } from '../proxy'
import { withTimeout } from '../core'

const LOGOUT_PATH = '/api/rest/v2/auth/logout'
const ATTEMPTS = 2

/**
 * Records a token the edge just revoked in the shop's own revocation store too: the shop's
 * `POST /auth/logout` with that token as Bearer (its AuthTokenProcessor::handleLogout writes the
 * jti to `api_revoked_token` until the token's exp), so a request that reaches the shop without
 * passing the edge is refused as well. Best effort and meant for `waitUntil`: never throws, tries
 * twice, logs each failure (`shop_logout_failed`). A 2xx is done; so is a 401, since a shop
 * that refuses the token already has nothing to revoke.
 *
 * @example
 * c.executionCtx.waitUntil(revokeAtShop(ctx, token, new URL(c.req.url)))
 */
export async function revokeAtShop(ctx: RequestContext, token: string, requestUrl: URL): Promise<void> {
  for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
    const problem = await askShopToLogOut(ctx, token, requestUrl)
    if (problem === undefined) return
    ctx.log({ event: 'shop_logout_failed', attempt, final: attempt === ATTEMPTS, detail: problem })
  }
}

// undefined when the shop took it; otherwise what went wrong, for the log (never the token).
async function askShopToLogOut(ctx: RequestContext, token: string, requestUrl: URL): Promise<string | undefined> {
  const headers = new Headers({
    Authorization: `Bearer ${token}`,
    'Content-Type': 'application/json',
    Accept: 'application/json',
    'X-Request-Id': ctx.requestId,
  })
  if (ctx.clientIp) headers.set('X-Forwarded-For', ctx.clientIp)
  const controller = new AbortController()
  try {
    // Inside: a missing origin (ConfigError) is a failure to log like any other, never a rejection.
    const target = originTarget(ctx.env, ctx.config, LOGOUT_PATH, requestUrl)
    const request = new Request(target.url, { method: 'POST', headers, body: '{}', redirect: 'manual', signal: controller.signal })
    const response = await withTimeout(target.fetcher.fetch(request), ctx.config.origin.timeoutMs, 'shop logout', controller)
    await response.body?.cancel()
    if ((response.status >= 200 && response.status < 300) || response.status === 401) return undefined
    return `shop answered ${response.status}`
  } catch (err) {
    return String(err)
  }
}
