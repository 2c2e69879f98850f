import type { Config } from '../config'
import type { RequestContext } from '../context'
import { Lru, oncePer, ok, refused, type Result, type Principal } from '../core'
import { isRevoked, REVOCATION_CACHE_SECONDS } from './revocation'
import { rejectToken, verifyToken } from './tokens'

// RFC 6750 §2.1: credentials = "Bearer" 1*SP b64token; the scheme is case-insensitive (RFC 7235 §2.1).
// We accept exactly one space and one b64token, nothing before or after.
const BEARER = /^bearer ([A-Za-z0-9\-._~+/]+=*)$/i

// Bounded so a flood of distinct tokens keeps memory flat: at most 5,000 tokens of at most
// 2 KiB each (the shop's are well under 1 KiB) per Config, i.e. per isolate.
const MAX_CACHED_TOKEN_BYTES = 2048
const verified: (config: Config) => Lru<Principal> = oncePer(() => new Lru<Principal>({ maxEntries: 5_000 }))

/**
 * Who the request's `Authorization` header speaks for.
 * - no header: `undefined` (the caller decides whether the route needs a principal);
 * - a valid, unrevoked Bearer token: its Principal;
 * - anything else (other scheme, malformed, expired, forged, revoked): throws `invalid_token`
 *   (401 with `WWW-Authenticate: Bearer ..., error="invalid_token"`), even on public routes.
 * KV trouble during the revocation check throws `storage_unavailable` (503), never allows.
 * Signature and claims of a token are verified once per REVOCATION_CACHE_SECONDS per isolate;
 * revocation is checked on every call.
 *
 * @example
 * const principal = await authenticate(c.req.header('Authorization'), c.get('ctx'))
 */
export async function authenticate(authorization: string | null | undefined, ctx: RequestContext): Promise<Principal | undefined> {
  if (authorization === null || authorization === undefined) return undefined
  const bearer = readBearer(authorization)
  if (!bearer.ok) rejectToken('malformed', bearer.reason)
  const token = bearer.value
  const cache = verified(ctx.config)
  let principal = cache.get(token, ctx.now)
  if (!principal) {
    principal = await verifyToken(token, ctx.config, ctx.now)
    if (token.length <= MAX_CACHED_TOKEN_BYTES) cache.set(token, principal, ctx.now, Math.min(ctx.now + REVOCATION_CACHE_SECONDS, principal.exp))
  }
  if (await isRevoked(ctx, principal)) rejectToken('revoked', `token of ${principal.subject} is revoked`)
  return principal
}

/** Extracts the token from an Authorization header value. Pure. */
export function readBearer(authorization: string): Result<string> {
  const match = BEARER.exec(authorization)
  return match?.[1] ? ok(match[1]) : refused('Authorization is not `Bearer <b64token>`')
}
