import { inArray, lt, sql } from 'drizzle-orm'
import { orm, query } from './client'
import { checkoutAttempts } from './schema'

/** A bucket's count in its current window, this attempt included, and when that window opened. */
export interface AttemptCount {
  bucket: string
  count: number
  windowStartedAt: number
}

// Rows pruned per counted attempt: enough to keep pace, small enough to keep the write cheap.
const PRUNE_BATCH = 50

/**
 * Counts one attempt against each bucket, in one D1 batch (one transaction on the primary): a
 * window older than `windowSeconds` starts again at 1, otherwise the count goes up by one. D1
 * runs the upserts one after another, so parallel attempts each see a distinct count and a burst
 * cannot slip past the limit. Prunes a few rows of windows long over on the way.
 */
export async function countAttempts(d1: D1Database, buckets: readonly string[], now: number, windowSeconds: number): Promise<AttemptCount[]> {
  const db = orm(d1)
  const over = now - windowSeconds
  const expired = sql`${checkoutAttempts.windowStartedAt} <= ${over}`
  const stale = db.select({ bucket: checkoutAttempts.bucket }).from(checkoutAttempts).where(lt(checkoutAttempts.windowStartedAt, over)).limit(PRUNE_BATCH)
  const upserts = buckets.map((bucket) =>
    db
      .insert(checkoutAttempts)
      .values({ bucket, windowStartedAt: now, count: 1 })
      .onConflictDoUpdate({
        target: checkoutAttempts.bucket,
        // SQLite's SET expressions all read the row as it was, so both see the old window.
        set: {
          count: sql`case when ${expired} then 1 else ${checkoutAttempts.count} + 1 end`,
          windowStartedAt: sql`case when ${expired} then ${now} else ${checkoutAttempts.windowStartedAt} end`,
        },
      })
      .returning({ bucket: checkoutAttempts.bucket, count: checkoutAttempts.count, windowStartedAt: checkoutAttempts.windowStartedAt }),
  )
  const [, ...counted] = await query(() => db.batch([db.delete(checkoutAttempts).where(inArray(checkoutAttempts.bucket, stale)), ...upserts]))
  return counted.map((rows) => rows[0]!)
}
