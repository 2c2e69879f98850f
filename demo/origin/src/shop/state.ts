// The demo shop's persisted state: its own D1 (binding SHOP_DB), created and seeded on first use
// so that `npm start` and the tests need no setup step. Every statement is idempotent
// (IF NOT EXISTS, INSERT OR IGNORE), so concurrent first requests and restarts are harmless, and
// a restart keeps what registrations and password changes wrote.
import { drizzle, type DrizzleD1Database } from 'drizzle-orm/d1'
import { apiUsers, customers, customerTwofa, CREATE_TABLES } from './schema'
import { SEED_API_USERS, SEED_CUSTOMERS, SEED_TWOFA } from './seed'

export type ShopDb = DrizzleD1Database

export interface ShopEnv {
  /** The demo shop's own database (demo/origin/wrangler.toml; vitest.config.ts in tests). */
  SHOP_DB: D1Database
  /** The shop's issuer, `http://localhost:PORT/` under `npm start`; unset in tests (http://shop.localhost/). */
  SHOP_ISSUER?: string
}

const ready = new WeakMap<D1Database, Promise<ShopDb>>()

/** The shop's database, its tables created and seeded once per isolate. */
export function shopDb(binding: D1Database): Promise<ShopDb> {
  let db = ready.get(binding)
  if (!db) {
    // A failed first attempt is forgotten so that the next request tries again.
    db = prepare(binding).catch((err: unknown) => {
      ready.delete(binding)
      throw err
    })
    ready.set(binding, db)
  }
  return db
}

async function prepare(binding: D1Database): Promise<ShopDb> {
  await binding.batch(CREATE_TABLES.map((statement) => binding.prepare(statement)))
  const db = drizzle(binding)
  await db.batch([
    db.insert(customers).values(SEED_CUSTOMERS).onConflictDoNothing(),
    db.insert(apiUsers).values(SEED_API_USERS).onConflictDoNothing(),
    db.insert(customerTwofa).values(SEED_TWOFA).onConflictDoNothing(),
  ])
  return db
}
