import { Hono, type MiddlewareHandler } from 'hono'
import { validator } from 'hono/validator'
import { readConfig } from '../config'
import type { Env } from '../env'
import { fail } from '../errors'
import { authenticate } from './authenticate'
import { grantToken } from './grants'
import { identityOf, parseTokenRequest } from './grants/request'
import { logout, parseLogoutOptions } from './logout'
import { limitByIdentity, limitByIp } from './rate-limit'
import { refreshToken } from './refresh'
import { limitBody, readOptionalJsonObject, requireJsonObject } from './request-body'

type AuthEnv = { Bindings: Env }

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

authRoutes.post(
  '/token',
  limitIp,
  limitBody,
  requireJsonObject,
  validator('json', (body: Record<string, unknown>) => parseTokenRequest(body)),
  async (c) => {
    const request = c.req.valid('json')
    await limitByIdentity(c.env, identityOf(request))
    return c.json(await grantToken(request, c.env, readConfig(c.env), nowSeconds()))
  },
)

authRoutes.post('/refresh', limitIp, async (c) => {
  const now = nowSeconds()
  const principal = await requirePrincipal(c.req.header('Authorization'), c.env, now)
  return c.json(await refreshToken(principal, c.env, readConfig(c.env), now))
})

authRoutes.post('/logout', limitBody, async (c) => {
  const now = nowSeconds()
  const principal = await requirePrincipal(c.req.header('Authorization'), c.env, now)
  const { everywhere } = parseLogoutOptions(await readOptionalJsonObject(c))
  await logout(principal, everywhere, c.env, readConfig(c.env), now)
  return c.json({ success: true, message: 'Successfully logged out' })
})

authRoutes.all('/:endpoint{token|refresh|logout}', () => fail('method_not_allowed', undefined, { Allow: 'POST' }))
