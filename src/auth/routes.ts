import { Hono, type MiddlewareHandler } from 'hono'
import { validator } from 'hono/validator'
import { readConfig } from '../config'
import type { GatehouseEnv } from '../context'
import type { Env } from '../env'
import { fail } from '../errors'
import { authenticate } from './authenticate'
import { grantToken } from './grants'
import { identityOf, parseTokenRequest } from './grants/request'
import { parseLogoutOptions } from './logout'
import { limitByIdentity, limitByIp } from './rate-limit'
import { refreshToken } from './refresh'
import { limitBody, readOptionalJsonObject, requireJsonObject } from './request-body'
import { readGrantFields } from '../sessions/grant-fields'
import { answerSession, authorizationOf, refreshCookie, refreshTokenGrant, wantsCookies } from '../sessions/http'
import { logoutSessions } from '../sessions/logout'

type AuthEnv = GatehouseEnv

const nowSeconds = () => Date.now() / 1000

// Every answer of the auth endpoints holds a token or an error about one: never cache it (RFC 6749 §5.1).
const noStore: MiddlewareHandler = async (c, next) => {
  await next()
  c.res.headers.set('Cache-Control', 'no-store')
}

const limitIp: MiddlewareHandler<AuthEnv> = async (c, next) => {
  await limitByIp(c.env, c.req.header('CF-Connecting-IP'))
  await next()
}

async function requirePrincipal(authorization: string | undefined, env: Env, now: number) {
  const principal = await authenticate(authorization, env, readConfig(env), now)
  return principal ?? fail('authentication_required', 'no Authorization header')
}

/** `/api/rest/v2/auth`: token (three grants), refresh and logout, answered as the shop answers them. */
export const authRoutes = new Hono<AuthEnv>()

authRoutes.use('*', noStore)

// grant_type=refresh_token, as JSON or as a form (RFC 6749 §6); every other body goes on as before.
const refreshGrant: MiddlewareHandler<AuthEnv> = async (c, next) => {
  const fields = await readGrantFields(c)
  if (fields?.grant_type !== 'refresh_token') return next()
  return refreshTokenGrant(c, fields, readConfig(c.env), nowSeconds())
}

authRoutes.post(
  '/token',
  limitIp,
  limitBody,
  refreshGrant,
  requireJsonObject,
  validator('json', (body: Record<string, unknown>) => parseTokenRequest(body)),
  async (c) => {
    const request = c.req.valid('json')
    await limitByIdentity(c.env, identityOf(request))
    const config = readConfig(c.env)
    const answer = await grantToken(request, c.env, config, nowSeconds())
    if ('session' in answer) return answerSession(c, answer.session, answer.fields, wantsCookies(c, config), config)
    return c.json(answer)
  },
)

authRoutes.post('/refresh', limitIp, async (c) => {
  const now = nowSeconds()
  const config = readConfig(c.env)
  // A browser in cookie mode refreshes with its refresh cookie (rotation); a Bearer works as the shop's.
  if (c.req.header('Authorization') === undefined && refreshCookie(c, config) !== undefined) return refreshTokenGrant(c, {}, config, now)
  const principal = await requirePrincipal(c.req.header('Authorization'), c.env, now)
  return c.json(await refreshToken(principal, c.env, config, now))
})

authRoutes.post('/logout', limitBody, async (c) => {
  const now = nowSeconds()
  const config = readConfig(c.env)
  await logoutSessions(c, config, now, async () => parseLogoutOptions(await readOptionalJsonObject(c)))
  return c.json({ success: true, message: 'Successfully logged out' })
})

// One exact route each: the alternation `/:endpoint{token|refresh|logout}` was not anchored per
// branch, so `/token/` and `/refresh/` matched it and a POST to them answered 405 `Allow: POST`.
for (const endpoint of ['/token', '/refresh', '/logout']) {
  authRoutes.all(endpoint, () => fail('method_not_allowed', undefined, { Allow: 'POST' }))
}
