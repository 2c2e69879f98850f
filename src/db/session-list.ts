import { and, desc, eq, exists, gt, isNull, sql } from 'drizzle-orm'
import { orm, query } from './client'
import { refreshFamilies, refreshTokens } from './schema'

/** One live refresh family as the session list shows it. Times in seconds. */
export interface LiveFamily {
  id: string
  createdAt: number
  lastUsedAt: number | null
  device: string | null
  loginCountry: string | null
  loginCity: string | null
  lastCountry: string | null
  lastCity: string | null
}

/** Sessions listed (and ended by "end all others") per request: far more than a person has devices. */
export const MAX_LISTED_SESSIONS = 100

/**
 * A customer's live families, newest first (rowid breaks ties within a second: insertion order): not ended, not past their absolute end, and holding an
 * unused refresh token that has not idled out (a family without one can never be used again).
 * `only`: just that family, if it is one of them.
 */
export async function liveFamilies(d1: D1Database, customerId: number, now: number, only?: string): Promise<LiveFamily[]> {
  const db = orm(d1)
  return query(() =>
    db
      .select({
        id: refreshFamilies.id,
        createdAt: refreshFamilies.createdAt,
        lastUsedAt: refreshFamilies.lastUsedAt,
        device: refreshFamilies.device,
        loginCountry: refreshFamilies.loginCountry,
        loginCity: refreshFamilies.loginCity,
        lastCountry: refreshFamilies.lastCountry,
        lastCity: refreshFamilies.lastCity,
      })
      .from(refreshFamilies)
      .where(
        and(
          eq(refreshFamilies.customerId, customerId),
          only === undefined ? undefined : eq(refreshFamilies.id, only),
          isNull(refreshFamilies.revokedAt),
          gt(refreshFamilies.expiresAt, now),
          exists(
            db
              .select({ one: refreshTokens.tokenHash })
              .from(refreshTokens)
              .where(and(eq(refreshTokens.familyId, refreshFamilies.id), isNull(refreshTokens.rotatedAt), gt(refreshTokens.expiresAt, now))),
          ),
        ),
      )
      .orderBy(desc(refreshFamilies.createdAt), desc(sql`rowid`))
      .limit(MAX_LISTED_SESSIONS)
      .all(),
  )
}

/** Records a use of a family (a rotation of its refresh token): when, and where Cloudflare placed the client. */
export async function recordFamilyUse(d1: D1Database, familyId: string, use: { now: number; country: string | null; city: string | null }): Promise<void> {
  await query(() =>
    orm(d1).update(refreshFamilies).set({ lastUsedAt: use.now, lastCountry: use.country, lastCity: use.city }).where(eq(refreshFamilies.id, familyId)).run(),
  )
}
