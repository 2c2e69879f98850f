import { and, eq, gt, isNotNull, isNull, lte, or, sql } from 'drizzle-orm'
import { drizzle } from 'drizzle-orm/d1'
import type { LockoutPolicy } from '../auth/lockout'
import { customers, serviceAccounts } from './schema'

const TABLES = { customers, service_accounts: serviceAccounts } as const

/** The credential tables that carry lockout columns. */
export type CredentialTable = keyof typeof TABLES

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
  const windowOpen = sql`(${t.failedWindowStartedAt} is not null and ${t.failedWindowStartedAt} + ${policy.windowSeconds} > ${now})`
  const count = sql`(case when ${windowOpen} then ${t.failedLoginCount} + 1 else 1 end)`
  const locks = sql`(${count} >= ${policy.maxFailures})`
  await drizzle(db)
    .update(t)
    .set({
      failedLoginCount: sql`case when ${locks} then 0 else ${count} end`,
      failedWindowStartedAt: sql`case when ${locks} then null when ${windowOpen} then ${t.failedWindowStartedAt} else ${now} end`,
      lockedUntil: sql`case when ${locks} then ${now + policy.lockSeconds} else null end`,
    })
    .where(and(eq(t.id, id), or(isNull(t.lockedUntil), lte(t.lockedUntil, now))))
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
