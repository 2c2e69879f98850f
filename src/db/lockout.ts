import { and, eq, gt, isNotNull, isNull, lte, or, sql, type SQL } from 'drizzle-orm'
import { drizzle } from 'drizzle-orm/d1'
import type { SQLiteColumn } from 'drizzle-orm/sqlite-core'
import type { LockoutPolicy } from '../auth/lockout'
import { customers, loginFailures, serviceAccounts } from './schema'

const TABLES = { customers, service_accounts: serviceAccounts } as const

/** The credential tables that carry lockout columns. */
export type CredentialTable = keyof typeof TABLES

interface LockoutColumns {
  failedLoginCount: SQLiteColumn
  failedWindowStartedAt: SQLiteColumn
  lockedUntil: SQLiteColumn
}

/**
 * Counts one failed login. D1 has no interactive transactions, so this is one conditional UPDATE
 * that SQLite applies atomically per row (every SET expression reads the row as it was): concurrent
 * failures each count once. A new window opens when none is open or the last one has expired; the
 * failure that reaches `maxFailures` sets `locked_until` and clears the count and window. Failures
 * while the account is locked are not counted, so racing requests cannot stretch a lock.
 */
export async function recordLoginFailure(
  db: D1Database,
  table: CredentialTable,
  id: number,
  now: number,
  policy: LockoutPolicy,
): Promise<void> {
  const t = TABLES[table]
  await drizzle(db)
    .update(t)
    .set(countFailure(t, now, policy))
    .where(and(eq(t.id, id), notLocked(t, now)))
}

/**
 * Counts one failed login for a name that matches no account, with exactly the rules above, and
 * returns the seconds of lock left when it was already locked (the failure is then not counted),
 * or 0. One D1 batch (one transaction, one round trip): create the row if new, count unless
 * locked (RETURNING says whether it counted), read the lock.
 */
export async function recordUnknownFailure(db: D1Database, identityHash: string, now: number, policy: LockoutPolicy): Promise<number> {
  const t = loginFailures
  const orm = drizzle(db)
  const [, counted, state] = await orm.batch([
    orm.insert(t).values({ identityHash }).onConflictDoNothing(),
    orm.update(t).set(countFailure(t, now, policy)).where(and(eq(t.identityHash, identityHash), notLocked(t, now))).returning({ identityHash: t.identityHash }),
    orm.select({ lockedUntil: t.lockedUntil }).from(t).where(eq(t.identityHash, identityHash)),
  ])
  if (counted.length > 0) return 0
  const lockedUntil = state[0]?.lockedUntil ?? now
  return Math.max(0, Math.ceil(lockedUntil - now))
}

/**
 * Clears the failure count, window and lock after a good login. Guarded so the common case (nothing
 * to clear) writes nothing.
 */
export async function recordLoginSuccess(db: D1Database, table: CredentialTable, id: number): Promise<void> {
  const t = TABLES[table]
  await drizzle(db)
    .update(t)
    .set({ failedLoginCount: 0, failedWindowStartedAt: null, lockedUntil: null })
    .where(and(eq(t.id, id), or(gt(t.failedLoginCount, 0), isNotNull(t.lockedUntil))))
}

function countFailure(t: LockoutColumns, now: number, policy: LockoutPolicy): Record<keyof LockoutColumns, SQL> {
  const windowOpen = sql`(${t.failedWindowStartedAt} is not null and ${t.failedWindowStartedAt} + ${policy.windowSeconds} > ${now})`
  const count = sql`(case when ${windowOpen} then ${t.failedLoginCount} + 1 else 1 end)`
  const locks = sql`(${count} >= ${policy.maxFailures})`
  return {
    failedLoginCount: sql`case when ${locks} then 0 else ${count} end`,
    failedWindowStartedAt: sql`case when ${locks} then null when ${windowOpen} then ${t.failedWindowStartedAt} else ${now} end`,
    lockedUntil: sql`case when ${locks} then ${now + policy.lockSeconds} else null end`,
  }
}

function notLocked(t: LockoutColumns, now: number): SQL | undefined {
  return or(isNull(t.lockedUntil), lte(t.lockedUntil, now))
}
