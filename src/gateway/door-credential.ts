import { decodeJwt } from 'jose'
import { readBearer } from '../auth'

/**
 * How a door treats the credential of a request:
 * - `none`: no `Authorization` (and no access cookie): forwarded, the shop decides per query;
 * - `edge`: verified exactly as on REST (signature, `iss`/`aud`, dates, revocation, not-before);
 * - `foreign`: a Bearer that cannot be a customer or service token of the shop or of gatehouse —
 *   an opaque string, or a JWT of another `type` (the shop's OAuth server signs `type: admin`
 *   tokens for `/api/mcp`). Only the MCP door forwards it, and only with SHOP_OAUTH_SERVER=on.
 */
export type DoorCredential = 'none' | 'edge' | 'foreign'

const EDGE_TYPES: ReadonlySet<unknown> = new Set(['customer', 'api_user'])

/**
 * Which check the credential gets. Pure. The split is sound because `type` is signed: a token the
 * shop would accept as a customer or service token carries that `type`, so it is always
 * `edge` (and refused here when revoked); changing its `type` to slip past breaks its signature at
 * the shop. Anything that is not a `Bearer <b64token>` is `edge`, and refused as malformed there.
 *
 * @example
 * doorCredential('Bearer eyJ…')   // 'edge' for a customer token
 * doorCredential('Bearer 3f2a…')  // 'foreign'
 */
export function doorCredential(authorization: string | undefined): DoorCredential {
  if (authorization === undefined) return 'none'
  const bearer = readBearer(authorization)
  if (!bearer.ok) return 'edge'
  let type: unknown
  try {
    type = decodeJwt(bearer.value).type
  } catch {
    return 'foreign'
  }
  return EDGE_TYPES.has(type) ? 'edge' : 'foreign'
}
