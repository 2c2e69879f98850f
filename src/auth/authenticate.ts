import type { Config } from '../config'
import type { Env } from '../env'
import { readBearer } from './bearer'
import type { Principal } from './principal'
import { isRevoked } from './revocation'
import { rejectToken, verifyToken } from './tokens'
import { recallVerified, rememberVerified } from './verified-tokens'

/**
 * Who the request's `Authorization` header speaks for.
 * - no header: `undefined` (the caller decides whether the route needs a principal);
 * - a valid, unrevoked Bearer token: its Principal;
 * - anything else (other scheme, malformed, expired, forged, revoked): throws `invalid_token`
 *   (401 with `WWW-Authenticate: Bearer ..., error="invalid_token"`), even on public routes.
 * KV trouble during the revocation check throws `storage_unavailable` (503), never allows.
 * `now` is seconds since the epoch.
 *
 * @example
 * const principal = await authenticate(c.req.header('Authorization'), c.env, readConfig(c.env))
 */
export async function authenticate(
  authorization: string | null | undefined,
  env: Env,
  config: Config,
  now: number = Date.now() / 1000,
): Promise<Principal | undefined> {
  if (authorization === null || authorization === undefined) return undefined
  const bearer = readBearer(authorization)
  if ('problem' in bearer) rejectToken('malformed', bearer.problem)
  let principal = recallVerified(config, bearer.token, now)
  if (!principal) {
    principal = await verifyToken(bearer.token, config, now)
    rememberVerified(config, bearer.token, principal, now)
  }
  if (await isRevoked(env.REVOKED, principal, now, config.kv.timeoutMs)) rejectToken('revoked', `token of ${principal.subject} is revoked`)
  return principal
}
