import { and, eq, isNull, lte, or, sql, type SQL } from 'drizzle-orm'
import type { GrantName } from '../core'
import type { LockoutPolicy } from '../config'
import { ONE_ROW, orm, query } from './client'
import { loginFailures } from './schema'

const t = loginFailures

/**
 * The key under which failed logins are counted: SHA-256 hex of the grant and the login name as
 * the lookup compares it (customer emails case-insensitively, client ids and usernames exactly).
 * Per name, not per account row: unknown names lock exactly like known ones, an email on several
 * websites is one name, and a service account's client secret (`client_credentials:<client_id>`)
 * and api key (`api_user:<username>`) lock apart, so failures at a guessable username never lock
 * the integration's client id. The lockout table never stores the name itself.
 *
 * @example
 * await lockKey('customer', 'Jane@Example.com') // same key as 'jane@example.com'
 */
export async function lockKey(grant: GrantName, name: string): Promise<string> {
  const normalised = grant === 'customer' ? name.toLowerCase() : name
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(`${grant}:${normalised}`))
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('')
}

/**
 * Seconds of lock left for a login key (`lockKey`), or 0. A read only: the
 * decisions that count are `recordFailure` and `recordSuccess`, made after the secret was checked.
 */
export async function lockWait(d1: D1Database, key: string, now: number): Promise<number> {
  const row = await query(() => orm(d1).select({ lockedUntil: t.lockedUntil }).from(t).where(eq(t.identityHash, key)).get())
  return remaining(row?.lockedUntil, now)
}

/**
 * Counts one failed login and returns the seconds of lock left when the key was already locked
 * (the failure is then not counted), or 0. One D1 batch (one transaction, one round trip): create
 * the row if new, count unless locked (RETURNING says whether it counted), read the lock. SQLite
 * applies the conditional UPDATE atomically against the row as it is then, so N concurrent
 * failures count N times and exactly the one that reaches `maxFailures` sets the lock; failures
 * while locked neither count nor stretch the lock.
 */
export async function recordFailure(d1: D1Database, key: string, now: number, policy: LockoutPolicy): Promise<number> {
  const db = orm(d1)
  const [, counted, state] = await query(() =>
    db.batch([
      db.insert(t).values({ identityHash: key }).onConflictDoNothing(),
      db
        .update(t)
        .set(countFailure(now, policy))
        .where(and(eq(t.identityHash, key), notLocked(now)))
        .returning({ key: t.identityHash }),
      db.select({ lockedUntil: t.lockedUntil }).from(t).where(eq(t.identityHash, key)),
    ]),
  )
  return counted.length > 0 ? 0 : remaining(state[0]?.lockedUntil, now)
}

/**
 * A good login: clears the key's failures unless it is locked, and returns the seconds of lock
 * left (a lock set while the secret was being checked wins: the login is refused), or 0. One
 * batch, so the check and the reset see the same row.
 */
export async function recordSuccess(d1: D1Database, key: string, now: number): Promise<number> {
  const db = orm(d1)
  const [, state] = await query(() =>
    db.batch([
      db.delete(t).where(and(eq(t.identityHash, key), notLocked(now))),
      db.select({ lockedUntil: t.lockedUntil }).from(t).where(eq(t.identityHash, key)),
    ]),
  )
  return remaining(state[0]?.lockedUntil, now)
}

/**
 * A good login answered from a copy that may have been read at a replica: as `recordSuccess`, but
 * the failures are cleared only if `unchanged` (SQL, src/db/accounts.ts `stillVerified`) holds on
 * the primary, that is while it still has the row the secret was verified against. One batch, no
 * extra round trip: `unchanged` is read first, and the conditional reset sees the same row. When
 * it does not hold nothing is cleared, and the caller decides again on the primary's rows.
 */
export async function recordCopySuccess(d1: D1Database, key: string, now: number, unchanged: SQL): Promise<{ wait: number; unchanged: boolean }> {
  const db = orm(d1)
  const [check, , state] = await query(() =>
    db.batch([
      db.select({ unchanged: sql<number>`${unchanged}` }).from(ONE_ROW),
      db.delete(t).where(and(eq(t.identityHash, key), notLocked(now), unchanged)),
      db.select({ lockedUntil: t.lockedUntil }).from(t).where(eq(t.identityHash, key)),
    ]),
  )
  return { wait: remaining(state[0]?.lockedUntil, now), unchanged: check[0]?.unchanged === 1 }
}

function countFailure(now: number, policy: LockoutPolicy): Record<'failedLoginCount' | 'failedWindowStartedAt' | 'lockedUntil', SQL> {
  const windowOpen = sql`(${t.failedWindowStartedAt} is not null and ${t.failedWindowStartedAt} + ${policy.windowSeconds} > ${now})`
  const count = sql`(case when ${windowOpen} then ${t.failedLoginCount} + 1 else 1 end)`
  const locks = sql`(${count} >= ${policy.maxFailures})`
  return {
    failedLoginCount: sql`case when ${locks} then 0 else ${count} end`,
    failedWindowStartedAt: sql`case when ${locks} then null when ${windowOpen} then ${t.failedWindowStartedAt} else ${now} end`,
    lockedUntil: sql`case when ${locks} then ${now + policy.lockSeconds} else null end`,
  }
}

function notLocked(now: number): SQL | undefined {
  return or(isNull(t.lockedUntil), lte(t.lockedUntil, now))
}

function remaining(lockedUntil: number | null | undefined, now: number): number {
  return lockedUntil == null ? 0 : Math.max(0, Math.ceil(lockedUntil - now))
}
