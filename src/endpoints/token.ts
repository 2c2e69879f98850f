import { Hono, type MiddlewareHandler } from 'hono'
import type { GatehouseEnv, RequestContext } from '../context'
import { fail, limitBody, readOptionalJsonObject, readFields } from '../core'
import { asClient, oauthErrors, readTokenRequest } from '../oauth'
import { authenticate, GRANTS, login, limitByIdentity, limitByIp, rateLimitPolicy, refreshToken } from '../auth'
import { answerTokens, loginRefreshMaxAge, refreshCookie, refreshTokenGrant, wantsCookies, logoutSessions } from '../sessions'
import { asksTurnstile, requireHuman, TURNSTILE_HEADER } from '../turnstile'

// A password login from a listed storefront origin shows a Turnstile token before it counts against
// any limit (docs/security.md, "Bots"); a refresh and the service grants are never asked.
const humanFirst: MiddlewareHandler<GatehouseEnv> = async (c, next) => {
  const ctx = c.get('ctx')
  if (asksTurnstile(c.req.header('Origin'), ctx.config.turnstile)) {
    const { grant_type: grant } = await readFields(c)
    if (grant === undefined || grant === 'customer' || grant === 'password') await requireHuman(c.req.header(TURNSTILE_HEADER), 'login', ctx)
  }
  await next()
}

// Every answer of the token endpoints, refusals included, says which limits count it (the binding
// tells nothing of what is left, so `RateLimit` itself comes only with a 429: r=0).
// A broken config was already answered (500) and logged once by onError: no second throw here.
const announceLimits: MiddlewareHandler<GatehouseEnv> = async (c, next) => {
  await next()
  let devRateLimit: number
  try {
    devRateLimit = c.get('ctx').config.devRateLimit
  } catch {
    return
  }
  c.res.headers.set('RateLimit-Policy', rateLimitPolicy(devRateLimit))
}

const limitIp: MiddlewareHandler<GatehouseEnv> = async (c, next) => {
  await limitByIp(c.env, c.get('ctx').clientIp)
  await next()
}

async function requirePrincipal(authorization: string | undefined, ctx: RequestContext) {
  return (await authenticate(authorization, ctx)) ?? fail('authentication_required', { detail: 'no Authorization header' })
}

/**
 * `/api/rest/v2/auth`: token (three grants and refresh_token), refresh and logout, answered as the shop answers them;
 * the token endpoint also speaks standard OAuth 2.0 (forms, HTTP Basic, `grant_type=password`:
 * src/oauth/token-request.ts). Every answer is gatehouse's own, so src/middleware/secure-headers.ts marks it
 * `no-store` (RFC 6749 §5.1).
 */
export const authRoutes = new Hono<GatehouseEnv>()

authRoutes.use('/token', oauthErrors)
authRoutes.use('/token', announceLimits)
authRoutes.use('/refresh', announceLimits)

authRoutes.post('/token', limitBody, humanFirst, limitIp, async (c) => {
  const ctx = c.get('ctx')
  // One body reader for both dialects (JSON or form); RFC 6749 §6's refresh_token grant rotates a
  // refresh family, every other grant logs in.
  const fields = await readFields(c)
  c.set('grant', fields.grant_type === 'refresh_token' ? 'refresh_token' : undefined)
  if (fields.grant_type === 'refresh_token') return refreshTokenGrant(c, fields)
  const { request, clientAuth } = readTokenRequest(fields, c.req.header('Authorization'))
  c.set('grant', request.grant)
  await limitByIdentity(c.env, GRANTS[request.grant].limitKey(request.name))
  const answer = await asClient(clientAuth, () => login(request, ctx, new URL(c.req.url)))
  return answerTokens(c, answer, wantsCookies(c), loginRefreshMaxAge(c))
})

authRoutes.post('/refresh', limitIp, async (c) => {
  const ctx = c.get('ctx')
  // A browser in cookie mode refreshes with its refresh cookie (a rotation); a Bearer as the shop's.
  if (c.req.header('Authorization') === undefined && refreshCookie(c) !== undefined) return refreshTokenGrant(c, {})
  const principal = await requirePrincipal(c.req.header('Authorization'), ctx)
  return c.json(await refreshToken(principal, ctx))
})

authRoutes.post('/logout', limitBody, async (c) => {
  // Awaited: the answer never claims a logout D1 and KV have not accepted.
  await logoutSessions(c, async () => {
    // The optional body: `{}` or `{"everywhere": true|false}`; anything else is 400.
    const { everywhere = false } = await readOptionalJsonObject(c)
    if (typeof everywhere !== 'boolean') fail('bad_request', { detail: 'everywhere must be a boolean' })
    return { everywhere }
  })
  return c.json({ success: true, message: 'Successfully logged out' })
})

// One exact route each: the alternation `/:endpoint{token|refresh|logout}` was not anchored per
// branch, so `/token/` and `/refresh/` matched it and a POST to them answered 405 `Allow: POST`.
for (const endpoint of ['/token', '/refresh', '/logout']) {
  authRoutes.all(endpoint, () => fail('method_not_allowed', { headers: { Allow: 'POST' } }))
}
