import type { RequestContext } from '../context'
import { verifyToken } from '../auth'
import { type Principal, GatehouseError } from '../core'

/**
 * The principal of a token named in a `token` parameter, signature and claims checked, revocation
 * not; `undefined` for anything that is not a valid token of ours (malformed, forged, expired).
 * RFC 7009 §2.2 and RFC 7662 §2.2 answer such tokens as a normal outcome, never as an error.
 */
export async function readToken(token: string, ctx: RequestContext): Promise<Principal | undefined> {
  try {
    return await verifyToken(token, ctx.config, ctx.now)
  } catch (err) {
    if (err instanceof GatehouseError && err.reason === 'invalid_token') return undefined
    throw err
  }
}

/** The `token` parameter (RFC 7009 §2.1, RFC 7662 §2.1): a non-empty string, or undefined. Pure. */
export function tokenParameter(fields: Record<string, unknown>): string | undefined {
  const token = fields.token
  return typeof token === 'string' && token !== '' ? token : undefined
}
