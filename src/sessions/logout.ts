import type { Context } from 'hono'
import { authenticate, readBearer, revokeSubject, revokeToken, revokeAtShop, hashRefreshToken, isRefreshToken } from '../auth'
import { type Principal, fail, GatehouseError } from '../core'
import type { GatehouseEnv, RequestContext } from '../context'
import { familyOfRefreshToken } from '../db'
import { authorizationOf, clearSessionCookies, refreshCookie } from './http'
import { endSession, endSessionOfAccessToken } from './sessions'

/**
 * `POST /auth/logout` with a Bearer or with the session cookies. Revokes the access token (or with
 * `everywhere` every token of the subject, which also ends every refresh family of a customer:
 * src/auth/revocation.ts) and ends the refresh family the access token came from and the one of
 * the refresh cookie. In cookie mode the answer clears both cookies, and a session that is already
 * dead (expired access cookie, unknown refresh cookie) still logs out. Everything is stored before
 * the caller answers; the shop's own `/auth/logout` is told in the background. `readOptions`
 * reads the body, after the credentials were checked.
 */
export async function logoutSessions(c: Context<GatehouseEnv>, readOptions: () => Promise<{ everywhere: boolean }>): Promise<void> {
  const ctx = c.get('ctx')
  const viaCookies = c.req.header('Authorization') === undefined
  const authorization = authorizationOf(c)
  const refresh = viaCookies ? refreshCookie(c) : undefined
  if (authorization === undefined && refresh === undefined) fail('authentication_required', { detail: 'no Authorization header or session cookie' })
  const principal = authorization === undefined ? undefined : await principalOf(authorization, viaCookies, ctx)
  const { everywhere } = await readOptions()
  const family = refresh !== undefined && isRefreshToken(refresh) ? await familyOfRefreshToken(ctx.env.DB, await hashRefreshToken(refresh)) : undefined

  // D1 before KV throughout: with D1 down the logout fails (503) before anything is revoked, rather
  // than answering 200 with a refresh session still alive.
  if (everywhere) {
    const subjects = new Set([principal?.subject, family && `customer_${family.customerId}`].filter((s) => s !== undefined))
    for (const subject of subjects) await revokeSubject(ctx, subject)
  } else {
    if (principal?.type === 'customer') await endSessionOfAccessToken(principal.jti, principal.customerId, ctx)
    if (family) await endSession(family.id, family.customerId, 'logout', ctx)
    if (principal) await revokeToken(ctx, principal)
  }
  ctx.log({ event: 'logout', everywhere, via: viaCookies ? 'cookies' : 'bearer', subject: principal?.subject ?? (family && `customer_${family.customerId}`) })
  if (viaCookies) clearSessionCookies(c)
  // The shop's own blacklist gets the token too, after the answer (src/auth/shop-logout.ts). It
  // knows jtis only: with `everywhere` the subject's other tokens are refused at the edge alone.
  const bearer = principal && authorization !== undefined ? readBearer(authorization) : undefined
  if (bearer?.ok) c.executionCtx.waitUntil(revokeAtShop(ctx, bearer.value, new URL(c.req.url)))
}

// A Bearer must be valid (401 otherwise, as the shop answers). An access cookie may have expired
// while its refresh cookie still holds the session: then the refresh cookie alone logs out.
async function principalOf(authorization: string, viaCookies: boolean, ctx: RequestContext): Promise<Principal | undefined> {
  try {
    return await authenticate(authorization, ctx)
  } catch (err) {
    if (viaCookies && err instanceof GatehouseError && err.reason === 'invalid_token') return undefined
    throw err
  }
}
