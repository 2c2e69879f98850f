import { drizzle, type DrizzleD1Database } from 'drizzle-orm/d1'

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
