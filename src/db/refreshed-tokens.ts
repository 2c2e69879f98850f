import { lt } from 'drizzle-orm'
import { orm, query } from './client'
import { refreshedTokens } from './schema'

/**
 * Marks a token as refreshed, once: true for the first caller, false for every later one (also
 * when two refreshes race — SQLite serialises the conditional insert). Rows of expired tokens are
 * pruned in the same round trip, so the table holds at most one token lifetime of refreshes.
 */
export async function claimRefresh(d1: D1Database, jti: string, exp: number, now: number): Promise<boolean> {
  const db = orm(d1)
  const [, claimed] = await query(() =>
    db.batch([
      db.delete(refreshedTokens).where(lt(refreshedTokens.expiresAt, now)),
      db.insert(refreshedTokens).values({ jti, expiresAt: exp }).onConflictDoNothing().returning({ jti: refreshedTokens.jti }),
    ]),
  )
  return claimed.length === 1
}
