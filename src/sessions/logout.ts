import type { Context } from 'hono'
import { authenticate } from '../auth/authenticate'
import { logout } from '../auth/logout'
import type { Principal } from '../auth/principal'
import { revokeSubject } from '../auth/revocation'
import type { Config } from '../config'
import { familyOfRefreshToken } from '../db/refresh-tokens'
import type { GatehouseEnv } from '../context'
import type { Env } from '../env'
import { fail, GatehouseError } from '../errors'
import { authorizationOf, clearSessionCookies, refreshCookie } from './http'
import { hashRefreshToken, REFRESH_TOKEN_PATTERN } from './refresh-token'
import { endCustomerSessions, endSession, endSessionOfAccessToken } from './sessions'

/**
 * Logout (and logout everywhere) with a Bearer or with the session cookies, ending refresh
 * families too: the family the access token came from and the one of the refresh cookie, or with
 * `everywhere` every family of the customer. In cookie mode the answer clears both cookies, and a
 * session that is already dead (expired access cookie, unknown refresh cookie) still logs out.
 * Everything is stored before the caller answers.
 */
export async function logoutSessions(
  c: Context<GatehouseEnv>,
  config: Config,
  now: number,
  readOptions: () => Promise<{ everywhere: boolean }>,
): Promise<{ everywhere: boolean }> {
  const viaCookies = c.req.header('Authorization') === undefined
  const authorization = authorizationOf(c, config)
  const refresh = viaCookies ? refreshCookie(c, config) : undefined
  if (authorization === undefined && refresh === undefined) fail('authentication_required', 'no Authorization header or session cookie')
  const principal = authorization === undefined ? undefined : await principalOf(authorization, viaCookies, c.env, config, now)
  const { everywhere } = await readOptions()
  const family = refresh !== undefined && REFRESH_TOKEN_PATTERN.test(refresh) ? await familyOfRefreshToken(c.env.DB, await hashRefreshToken(refresh)) : undefined

  const customerId = principal?.type === 'customer' ? principal.customerId : family?.customerId
  if (everywhere && customerId !== undefined) await endCustomerSessions(customerId, 'logout_everywhere', c.env, now)
  if (principal) {
    await logout(principal, everywhere, c.env, config, now)
    if (!everywhere && principal.type === 'customer') await endSessionOfAccessToken(principal.jti, principal.customerId, c.env, config, now)
  }
  if (family) {
    if (everywhere) await revokeSubject(c.env.REVOKED, `customer_${family.customerId}`, now, config.kv.timeoutMs)
    else await endSession(family.id, family.customerId, 'logout', c.env, config, now)
  }
  if (viaCookies) clearSessionCookies(c, config)
  return { everywhere }
}

// A Bearer must be valid (401 otherwise, as the shop answers). An access cookie may have expired
// while its refresh cookie still holds the session: then the refresh cookie alone logs out.
async function principalOf(authorization: string, viaCookies: boolean, env: Env, config: Config, now: number): Promise<Principal | undefined> {
  try {
    return await authenticate(authorization, env, config, now)
  } catch (err) {
    if (viaCookies && err instanceof GatehouseError && err.reason === 'invalid_token') return undefined
    throw err
  }
}
