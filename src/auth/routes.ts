import { Hono, type MiddlewareHandler } from 'hono'
import type { GatehouseEnv, RequestContext } from '../context'
import { fail } from '../errors'
import { asClient } from '../oauth/client'
import { oauthErrors, readOAuthFields } from '../oauth/request-fields'
import { readTokenRequest } from '../oauth/token-request'
import { authenticate } from './authenticate'
import { GRANTS } from './grants'
import { login } from './login'
import { limitByIdentity, limitByIp } from './rate-limit'
import { refreshToken } from './refresh'
import { limitBody, readOptionalJsonObject } from './request-body'
import { revokeSubject, revokeToken } from './revocation'

const limitIp: MiddlewareHandler<GatehouseEnv> = async (c, next) => {
  await limitByIp(c.env, c.get('ctx').clientIp)
  await next()
}

async function requirePrincipal(authorization: string | undefined, ctx: RequestContext) {
  return (await authenticate(authorization, ctx)) ?? fail('authentication_required', { detail: 'no Authorization header' })
}

/**
 * `/api/rest/v2/auth`: token (three grants), refresh and logout, answered as the shop answers them;
 * the token endpoint also speaks standard OAuth 2.0 (forms, HTTP Basic, `grant_type=password`:
 * src/oauth/token-request.ts). Every answer is gatehouse's own, so src/secure-headers.ts marks it
 * `no-store` (RFC 6749 §5.1).
 */
export const authRoutes = new Hono<GatehouseEnv>()

authRoutes.use('/token', oauthErrors)

authRoutes.post('/token', limitIp, limitBody, async (c) => {
  const ctx = c.get('ctx')
  const { request, clientAuth } = readTokenRequest(await readOAuthFields(c), c.req.header('Authorization'))
  await limitByIdentity(c.env, GRANTS[request.grant].limitKey(request.name))
  return c.json(await asClient(clientAuth, () => login(request, ctx, new URL(c.req.url))))
})

authRoutes.post('/refresh', limitIp, async (c) => {
  const ctx = c.get('ctx')
  const principal = await requirePrincipal(c.req.header('Authorization'), ctx)
  return c.json(await refreshToken(principal, ctx))
})

authRoutes.post('/logout', limitBody, async (c) => {
  const ctx = c.get('ctx')
  const principal = await requirePrincipal(c.req.header('Authorization'), ctx)
  // The optional body: `{}` or `{"everywhere": true|false}`; anything else is 400.
  const { everywhere = false } = await readOptionalJsonObject(c)
  if (typeof everywhere !== 'boolean') fail('bad_request', { detail: 'everywhere must be a boolean' })
  // Awaited: the answer never claims a logout KV has not accepted.
  if (everywhere) await revokeSubject(ctx, principal.subject)
  else await revokeToken(ctx, principal)
  return c.json({ success: true, message: 'Successfully logged out' })
})

// One exact route each: the alternation `/:endpoint{token|refresh|logout}` was not anchored per
// branch, so `/token/` and `/refresh/` matched it and a POST to them answered 405 `Allow: POST`.
for (const endpoint of ['/token', '/refresh', '/logout']) {
  authRoutes.all(endpoint, () => fail('method_not_allowed', { headers: { Allow: 'POST' } }))
}
