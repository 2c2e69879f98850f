import { drizzle, type DrizzleD1Database } from 'drizzle-orm/d1'
import { fail } from '../errors'

const clients = new WeakMap<D1Database, DrizzleD1Database>()

/** The Drizzle client for a D1 binding, built once per binding. */
export function orm(d1: D1Database): DrizzleD1Database {
  let client = clients.get(d1)
  if (!client) {
    client = drizzle(d1)
    clients.set(d1, client)
  }
  return client
}

/** Runs a D1 query; a D1 failure becomes `storage_unavailable` (503) rather than a 500 or a wrong answer. */
export async function query<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run()
  } catch (err) {
    // The error text may quote the query's parameters (emails, hashes): never logged.
    fail('storage_unavailable', `D1 query failed: ${String(err)}`, undefined, { event: 'storage_unavailable', store: 'd1' })
  }
}
