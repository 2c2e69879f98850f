import { lt, sql, type SQL } from 'drizzle-orm'
import { ONE_ROW, orm, query } from './client'
import { refreshFamilies, refreshedTokens, sessionAccessTokens } from './schema'

/** The token a refresh exchanges and the one it mints. */
export interface RefreshClaim {
  jti: string
  exp: number
  /** The jti and exp of the token the refresh will mint. */
  next: { jti: string; expiresAt: number }
}

/**
 * Marks a token as refreshed, once, while `active` (SQL, src/db/accounts.ts `stillActive`) holds
 * and, for a token minted in a refresh family, while the family is live: `claimed` is true for the
 * first caller only (also when two refreshes race — SQLite serialises the conditional insert).
 * The new token is recorded in the family in the same batch, so ending the family (one batch,
 * serialised with this one on the primary) either comes first and refuses the refresh or comes
 * after and finds the new token. `family` is the family's id, undefined for a token of none.
 * Rows of expired tokens are pruned in the same round trip, so the table holds at most one token
 * lifetime of refreshes.
 */
export async function claimRefresh(
  d1: D1Database,
  claim: RefreshClaim,
  now: number,
  active: SQL,
): Promise<{ claimed: boolean; active: boolean; family?: { id: string; live: boolean } }> {
  const db = orm(d1)
  const { jti, exp, next } = claim
  const familyOf = sql`(select ${sessionAccessTokens.familyId} from ${sessionAccessTokens} where ${sessionAccessTokens.jti} = ${jti})`
  const live = sql`exists (select 1 from ${refreshFamilies} where ${refreshFamilies.id} = ${familyOf} and ${refreshFamilies.revokedAt} is null and ${refreshFamilies.expiresAt} > ${now})`
  const allowed = sql`${active} and (${familyOf} is null or ${live})`
  const [, check, claimed] = await query(() =>
    db.batch([
      db.delete(refreshedTokens).where(lt(refreshedTokens.expiresAt, now)),
      db.select({ active: sql<number>`${active}`, family: sql<string | null>`${familyOf}`, live: sql<number>`${live}` }).from(ONE_ROW),
      db.insert(refreshedTokens).select(sql`select ${jti}, ${exp} where ${allowed}`).onConflictDoNothing().returning({ jti: refreshedTokens.jti }),
      db
        .insert(sessionAccessTokens)
        .select(sql`select ${next.jti}, ${familyOf}, ${next.expiresAt} where ${familyOf} is not null and ${live}`)
        .onConflictDoNothing(),
    ]),
  )
  const row = check[0]
  const family = row?.family ? { id: row.family, live: row.live === 1 } : undefined
  return { claimed: claimed.length === 1, active: row?.active === 1, ...(family ? { family } : {}) }
}
