// The shop's check of the Bearer on every request under /api/rest/v2: a valid token (tokens.ts)
// whose account exists and is active in the shop, re-read on every request as the shop does.
// A missing token is refused on protected routes only; a bad one is refused everywhere.
import type { MiddlewareHandler } from 'hono'
import { apiUserBy, customerById } from './accounts'
import { shopError } from './errors'
import { API, isPublicRoute } from './routes'
import type { ApiUserRow, CustomerRow } from './schema'
import { shopDb, type ShopEnv } from './state'
import { readToken } from './tokens'

/** The account a valid Bearer speaks for, as the shop holds it now. */
export type ShopPrincipal = { type: 'customer'; customer: CustomerRow } | { type: 'api_user'; apiUser: ApiUserRow }

export type ShopApp = { Bindings: ShopEnv; Variables: { principal?: ShopPrincipal } }

const BEARER = /^Bearer[ ]+([^ ]+)[ ]*$/i

export const checkBearer: MiddlewareHandler<ShopApp> = async (c, next) => {
  const authorization = c.req.header('Authorization')
  // Another scheme (Basic) is not a Bearer: the request counts as one without a token.
  const isBearer = authorization !== undefined && /^Bearer(?: |$)/i.test(authorization)
  if (!isBearer) {
    const path = new URL(c.req.url).pathname.slice(API.length)
    return isPublicRoute(c.req.method, path) ? next() : shopError('authentication_required')
  }
  const token = BEARER.exec(authorization)?.[1]
  const principal = token ? await loadPrincipal(c.env.SHOP_DB, token) : undefined
  if (!principal) return shopError('invalid_token')
  c.set('principal', principal)
  return next()
}

async function loadPrincipal(binding: D1Database, token: string): Promise<ShopPrincipal | undefined> {
  const claimed = await readToken(token, Date.now())
  if (!claimed) return undefined
  const db = await shopDb(binding)
  if (claimed.type === 'customer') {
    const customer = await customerById(db, claimed.id)
    return customer?.isActive ? { type: 'customer', customer } : undefined
  }
  const apiUser = await apiUserBy(db, 'id', claimed.id)
  return apiUser?.isActive ? { type: 'api_user', apiUser } : undefined
}
