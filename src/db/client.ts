import { drizzle, type DrizzleD1Database } from 'drizzle-orm/d1'
import { fail } from '../errors'
import { oncePer } from '../once-per'

/** The Drizzle client for a D1 binding, built once per binding. */
export const orm: (d1: D1Database) => DrizzleD1Database = oncePer((d1: D1Database) => drizzle(d1))

/** Runs a D1 query; a D1 failure becomes `storage_unavailable` (503) rather than a 500 or a wrong answer. */
export async function query<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run()
  } catch (err) {
    // The error text may quote the query's parameters (emails, hashes): never logged.
    fail('storage_unavailable', { detail: `D1 query failed: ${String(err)}`, event: { event: 'storage_unavailable', store: 'd1' } })
  }
}
