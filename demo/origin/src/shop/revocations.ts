// The shop's revocation list (its TokenBlacklist on the table `api_revoked_token`): `/auth/logout`
// writes the current token's jti until its exp, and every Bearer check reads it, on every door.
import { and, eq, gt } from 'drizzle-orm'
import type { Context } from 'hono'
import type { ShopApp } from './app'
import { revokedTokens } from './schema'
import type { ShopDb } from './state'
import { shopDb } from './state'

/** Whether `jti` was logged out and its token has not expired yet. */
export async function isRevokedJti(db: ShopDb, jti: string, nowSeconds: number): Promise<boolean> {
  const row = await db
    .select({ jti: revokedTokens.jti })
    .from(revokedTokens)
    .where(and(eq(revokedTokens.jti, jti), gt(revokedTokens.expiresAt, nowSeconds)))
    .get()
  return row !== undefined
}

/**
 * `POST /api/rest/v2/auth/logout`: the Bearer (already checked by checkBearer, which put its jti
 * and exp beside the principal) is revoked until its exp; re-revoking refreshes the row. Answers
 * as the shop does.
 */
export async function logout(c: Context<ShopApp>): Promise<Response> {
  const token = c.get('token')
  if (token) {
    const db = await shopDb(c.env.SHOP_DB)
    const expiresAt = Math.ceil(token.exp)
    await db.insert(revokedTokens).values({ jti: token.jti, expiresAt }).onConflictDoUpdate({ target: revokedTokens.jti, set: { expiresAt } })
  }
  return c.json({ success: true, message: 'Successfully logged out' })
}
