import { and, inArray, isNull, lt, lte, or, sql } from 'drizzle-orm'
import { orm, query } from './client'
import {
  loginFailures,
  refreshedTokens,
  refreshFamilies,
  refreshTokens,
  refusalCounts,
  securityEventBursts,
  securityEvents,
  sessionAccessTokens,
} from './schema'

/** What the scheduled upkeep removes: rows no decision reads any more. Times in seconds. */
export interface PruneOptions {
  now: number
  /** Events older than this many days go. */
  eventRetentionDays: number
  /** Lockout window length: a failure row whose window closed and that holds no lock counts nothing. */
  lockoutWindowSeconds: number
}

/** Rows removed per table. */
export type Pruned = Record<
  'loginFailures' | 'refreshFamilies' | 'refreshTokens' | 'accessTokens' | 'refreshedTokens' | 'events' | 'bursts' | 'refusals',
  number
>

// Burst counters only matter within their minute; a day of them says how big a flood was.
const BURST_KEEP_SECONDS = 86_400

/**
 * Prunes, in one D1 batch: failed-login rows neither locked nor counting, refresh families past
 * their absolute end with their tokens, access-token and refreshed-token rows past their exp,
 * security events and refusal counts past retention, and burst counters older than a day.
 * Everything here is also safe to run at any time: none of it is read by a decision once expired.
 */
export async function pruneExpired(d1: D1Database, o: PruneOptions): Promise<Pruned> {
  const db = orm(d1)
  const now = Math.floor(o.now)
  const f = loginFailures
  const idle = and(
    or(isNull(f.lockedUntil), lte(f.lockedUntil, now)),
    or(isNull(f.failedWindowStartedAt), lte(sql`${f.failedWindowStartedAt} + ${o.lockoutWindowSeconds}`, now)),
  )
  const ended = db.select({ id: refreshFamilies.id }).from(refreshFamilies).where(lt(refreshFamilies.expiresAt, now))
  const retainedFrom = now - o.eventRetentionDays * 86_400
  const results = await query(() =>
    db.batch([
      db.delete(f).where(idle),
      db.delete(refreshTokens).where(inArray(refreshTokens.familyId, ended)),
      db.delete(refreshFamilies).where(lt(refreshFamilies.expiresAt, now)),
      db.delete(sessionAccessTokens).where(lt(sessionAccessTokens.expiresAt, now)),
      db.delete(refreshedTokens).where(lt(refreshedTokens.expiresAt, now)),
      db.delete(securityEvents).where(lt(securityEvents.at, retainedFrom)),
      db.delete(securityEventBursts).where(lt(securityEventBursts.minute, Math.floor((now - BURST_KEEP_SECONDS) / 60))),
      db.delete(refusalCounts).where(lt(refusalCounts.minute, Math.floor(retainedFrom / 60))),
    ]),
  )
  const [loginFailuresGone, tokens, families, access, refreshed, events, bursts, refusals] = results.map((result) => result.meta.changes)
  return {
    loginFailures: loginFailuresGone!,
    refreshFamilies: families!,
    refreshTokens: tokens!,
    accessTokens: access!,
    refreshedTokens: refreshed!,
    events: events!,
    bursts: bursts!,
    refusals: refusals!,
  }
}
