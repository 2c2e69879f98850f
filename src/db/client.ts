import { sql } from 'drizzle-orm'
import { drizzle, type DrizzleD1Database } from 'drizzle-orm/d1'
import { fail, oncePer } from '../core'

/**
 * What the account queries need of D1: the binding itself, whose every query runs on the primary,
 * or a request's session (src/db/session.ts), whose reads may be served by a nearby read replica.
 * Decisions that must be atomic against the newest state (lockout, refresh claims) take the
 * binding (`D1Database`), so they cannot be handed a session by mistake.
 */
export type D1Handle = Pick<D1Database, 'prepare' | 'batch'>

/**
 * The Drizzle client for a D1 binding or session, built once per handle (per isolate for the
 * binding, per request for a session). drizzle-orm's d1 driver (0.45) types its client as a full
 * `D1Database` but calls only `prepare` and `batch`, which a `D1DatabaseSession` has too; the cast
 * is the one place that bridges the types until the driver accepts sessions.
 */
export const orm: (d1: D1Handle) => DrizzleD1Database = oncePer((d1: D1Handle) => drizzle(d1 as D1Database))

/** Runs a D1 query; a D1 failure becomes `storage_unavailable` (503) rather than a 500 or a wrong answer. */
export async function query<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run()
  } catch (err) {
    // The error text may quote the query's parameters (emails, hashes): never logged.
    fail('storage_unavailable', { detail: `D1 query failed: ${String(err)}`, event: { event: 'storage_unavailable', store: 'd1' } })
  }
}

/** A table of one row, to select a computed value in a batch (drizzle's builder needs a FROM; SQLite would not). */
export const ONE_ROW = sql`(select 1)`
