import { desc, gte, sql, sum } from 'drizzle-orm'
import { orm, query } from './client'
import { refusalCounts } from './schema'

/** Refusals of one minute, reason and route, as an isolate counted them. */
export type RefusalCount = typeof refusalCounts.$inferInsert

// D1 binds at most 100 parameters per statement: 4 columns a row, so 25 rows per INSERT.
const ROWS_PER_STATEMENT = 25

/**
 * Adds an isolate's counts to `refusal_counts` in one D1 batch (one transaction), a row per
 * minute, reason and route: new rows are inserted, existing ones grow by the count.
 */
export async function addRefusalCounts(d1: D1Database, rows: readonly RefusalCount[]): Promise<void> {
  if (rows.length === 0) return
  const db = orm(d1)
  const t = refusalCounts
  const upsert = (chunk: RefusalCount[]) =>
    db
      .insert(t)
      .values(chunk)
      .onConflictDoUpdate({ target: [t.minute, t.reason, t.route], set: { count: sql`${t.count} + excluded.count` } })
  const [first, ...rest] = Array.from({ length: Math.ceil(rows.length / ROWS_PER_STATEMENT) }, (_, i) =>
    upsert(rows.slice(i * ROWS_PER_STATEMENT, (i + 1) * ROWS_PER_STATEMENT)),
  )
  await query(() => db.batch([first!, ...rest]))
}

/** How many refusals since a time, by reason (all of them) and by route (the busiest `topRoutes`); busiest first. */
export interface RefusalSummary {
  byReason: { reason: string; count: number }[]
  byRoute: { route: string; count: number }[]
}

/** Sums the counted refusals of every minute from the one holding `since` (seconds) on, in one D1 batch. */
export async function refusalSummary(d1: D1Database, since: number, topRoutes = 10): Promise<RefusalSummary> {
  const db = orm(d1)
  const t = refusalCounts
  const total = sql<number>`cast(${sum(t.count)} as integer)`
  const from = gte(t.minute, Math.floor(since / 60))
  const [byReason, byRoute] = await query(() =>
    db.batch([
      db.select({ reason: t.reason, count: total }).from(t).where(from).groupBy(t.reason).orderBy(desc(total), t.reason),
      db.select({ route: t.route, count: total }).from(t).where(from).groupBy(t.route).orderBy(desc(total), t.route).limit(topRoutes),
    ]),
  )
  return { byReason, byRoute }
}
