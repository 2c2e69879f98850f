// The shop's check of the Bearer on every request under /api/rest/v2: a valid token (tokens.ts)
// whose account exists and is active in the shop, re-read on every request as the shop does, and
// whose jti is not on the shop's revocation list (revocations.ts). A missing token is refused on
// protected routes only; a bad one is refused everywhere. `/api/graphql` and `/api/mcp` take the
// same tokens (the shop's firewalls `api_graphql` and `api` use one authenticator) but no token is
// a public request there; `/api/mcp` also takes the tokens of the shop's OAuth server.
import type { MiddlewareHandler } from 'hono'
import { apiUserBy, customerById } from './accounts'
import { shopError } from './errors'
import { isRevokedJti } from './revocations'
import { API, isPublicRoute } from './routes'
import type { ShopApp, ShopPrincipal } from './app'
import { shopDb } from './state'
import { readMcpServerToken, readToken } from './tokens'

const BEARER = /^Bearer[ ]+([^ ]+)[ ]*$/i

// Another scheme (Basic) is not a Bearer: the request counts as one without a token.
const isBearer = (authorization: string | undefined): authorization is string => authorization !== undefined && /^Bearer(?: |$)/i.test(authorization)

export const checkBearer: MiddlewareHandler<ShopApp> = async (c, next) => {
  const authorization = c.req.header('Authorization')
  if (!isBearer(authorization)) {
    const path = new URL(c.req.url).pathname.slice(API.length)
    return isPublicRoute(c.req.method, path) ? next() : shopError('authentication_required')
  }
  return (await accepted(c, authorization)) ? next() : shopError('invalid_token')
}

/** `/api/graphql` and `/api/mcp` (the shop's `access_control`: PUBLIC_ACCESS, its resolvers decide). */
export const checkDoorBearer: MiddlewareHandler<ShopApp> = async (c, next) => {
  const authorization = c.req.header('Authorization')
  if (!isBearer(authorization)) return next()
  if (await accepted(c, authorization)) return next()
  const token = BEARER.exec(authorization)?.[1]
  if (token && new URL(c.req.url).pathname === '/api/mcp') {
    const server = await readMcpServerToken(token, Date.now())
    if (server && !(await isRevokedJti(await shopDb(c.env.SHOP_DB), server.jti, Math.floor(Date.now() / 1000)))) return next()
  }
  return shopError('invalid_token')
}

async function accepted(c: Parameters<MiddlewareHandler<ShopApp>>[0], authorization: string): Promise<boolean> {
  const token = BEARER.exec(authorization)?.[1]
  const claimed = token ? await readToken(token, Date.now()) : null
  if (!claimed) return false
  const db = await shopDb(c.env.SHOP_DB)
  if (await isRevokedJti(db, claimed.jti, Math.floor(Date.now() / 1000))) return false
  const principal = await loadPrincipal(db, claimed.type, claimed.id)
  if (!principal) return false
  c.set('principal', principal)
  c.set('token', { jti: claimed.jti, exp: claimed.exp })
  return true
}

async function loadPrincipal(db: Awaited<ReturnType<typeof shopDb>>, type: 'customer' | 'api_user', id: number): Promise<ShopPrincipal | undefined> {
  if (type === 'customer') {
    const customer = await customerById(db, id)
    return customer?.isActive ? { type: 'customer', customer } : undefined
  }
  const apiUser = await apiUserBy(db, 'id', id)
  return apiUser?.isActive ? { type: 'api_user', apiUser } : undefined
}
