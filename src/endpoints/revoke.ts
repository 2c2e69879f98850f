import type { Context } from 'hono'
import { readBearer, limitByIp, revokeToken, revokeAtShop, REFRESH_TOKEN_SHAPE } from '../auth'
import { type Principal, fail, readFields } from '../core'
import type { GatehouseEnv } from '../context'
import { endSessionOfRefreshToken } from '../sessions'
import { authenticateCaller, readToken, tokenParameter } from '../oauth'

/**
 * `POST /api/rest/v2/auth/revoke` (RFC 7009), form or JSON. A client authenticated by its secret
 * revokes tokens of its own account; a Bearer caller revokes tokens of its own subject, the Bearer
 * itself included. Unknown, expired and already revoked tokens answer 200 like revoked ones
 * (§2.2); a valid token of another subject is refused (§2.1). A refresh token (`ghr_…`) ends its
 * whole refresh family and the family's access tokens, and needs no client authentication: the
 * customer's app is a public client, and holding the refresh token is the credential (docs/oauth.md
 * "Revocation"). `token_type_hint` needs no reading: the two kinds cannot be mistaken for each other.
 * The revocation is in D1 and KV before the answer; an access token is also sent to the shop's own
 * `/auth/logout` in the background, so the shop's blacklist refuses it too.
 *
 * @example
 * oauthRoutes.post('/revoke', limitBody, revoke)
 */
export async function revoke(c: Context<GatehouseEnv>): Promise<Response> {
  const ctx = c.get('ctx')
  const fields = await readFields(c)
  const token = tokenParameter(fields)
  if (token !== undefined && REFRESH_TOKEN_SHAPE.test(token)) {
    // Unauthenticated by design, so counted like a login: no client hammers D1 with guesses.
    await limitByIp(c.env, ctx.clientIp)
    await endSessionOfRefreshToken(token, 'revoked', ctx)
    ctx.log({ event: 'token_revoked', token: 'refresh', by: 'holder' })
    return revoked(c)
  }
  if (token !== undefined && isTheBearer(c.req.header('Authorization'), token, fields)) {
    // Holding the token is the authority to end it. Its revocation state is not checked, so a
    // retry after a lost answer finds it revoked already and still gets its 200.
    const target = await readToken(token, ctx)
    if (target) await revokeAccessToken(c, token, target, 'holder')
    return revoked(c)
  }
  const caller = await authenticateCaller(c, fields)
  if (token === undefined) return fail('token_missing')
  const target = await readToken(token, ctx)
  if (!target) return revoked(c)
  if (target.subject !== caller.subject) {
    fail('token_not_owned', { detail: `${caller.subject} named a token of ${target.subject}`, event: { event: 'revocation_refused', subject: caller.subject } })
  }
  await revokeAccessToken(c, token, target, 'client')
  return revoked(c)
}

// At the edge before the answer; in the shop's own blacklist after it (src/auth/shop-logout.ts).
async function revokeAccessToken(c: Context<GatehouseEnv>, token: string, target: Principal, by: 'holder' | 'client'): Promise<void> {
  const ctx = c.get('ctx')
  await revokeToken(ctx, target)
  ctx.log({ event: 'token_revoked', token: 'access', by, subject: target.subject })
  c.executionCtx.waitUntil(revokeAtShop(ctx, token, new URL(c.req.url)))
}

function isTheBearer(authorization: string | undefined, token: string, fields: Record<string, unknown>): boolean {
  // Body credentials beside a Bearer are two authentications: authenticateCaller refuses them.
  if (authorization === undefined || fields.client_secret !== undefined) return false
  const bearer = readBearer(authorization)
  return bearer.ok && bearer.value === token
}

const revoked = (c: Context) => c.json({ success: true })
