import { lt, sql, type SQL } from 'drizzle-orm'
import { ONE_ROW, orm, query } from './client'
import { refreshedTokens } from './schema'

/**
 * Marks a token as refreshed, once, while `active` (SQL, src/db/accounts.ts `stillActive`) holds:
 * `claimed` is true for the first caller only (also when two refreshes race — SQLite serialises
 * the conditional insert), and nothing is claimed for an account that is gone or inactive here.
 * `active` is read in the same batch, so a refresh never needs a second primary round trip to
 * learn it. Rows of expired tokens are pruned in the same round trip, so the table holds at most
 * one token lifetime of refreshes.
 */
export async function claimRefresh(d1: D1Database, jti: string, exp: number, now: number, active: SQL): Promise<{ claimed: boolean; active: boolean }> {
  const db = orm(d1)
  const [, check, claimed] = await query(() =>
    db.batch([
      db.delete(refreshedTokens).where(lt(refreshedTokens.expiresAt, now)),
      db.select({ active: sql<number>`${active}` }).from(ONE_ROW),
      db
        .insert(refreshedTokens)
        .select(sql`select ${jti}, ${exp} where ${active}`)
        .onConflictDoNothing()
        .returning({ jti: refreshedTokens.jti }),
    ]),
  )
  return { claimed: claimed.length === 1, active: check[0]?.active === 1 }
}
