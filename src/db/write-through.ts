import { and, eq, ne, sql, type SQL } from 'drizzle-orm'
import { orm, query } from './client'
import { customers } from './schema'

/**
 * Writes to the edge copy of customers from changes the shop just accepted (write-through; a new
 * customer is stored with `upsertCustomerCopy` in ./copies.ts, as the login fallback does). A new
 * password is stored as the hash the caller made of it, with `confirmed_at` = now (the shop
 * confirmed it) and `shop_password_hash` NULL (the shop's new hash is unknown). D1 failures become
 * `storage_unavailable`, as every query in src/db does.
 */

/** Stores a new password hash for one customer; returns whether the edge had a copy of it. */
export async function setCustomerPassword(d1: D1Database, id: number, passwordHash: string, now: number): Promise<boolean> {
  const rows = await query(() =>
    orm(d1)
      .update(customers)
      .set({ passwordHash, confirmedAt: Math.floor(now), shopPasswordHash: null })
      .where(eq(customers.id, id))
      .returning({ id: customers.id }),
  )
  return rows.length > 0
}

/** The ids of the copies holding this email (one per website at most), compared case-insensitively. */
export async function customerIdsByEmail(d1: D1Database, email: string): Promise<number[]> {
  const rows = await query(() => orm(d1).select({ id: customers.id }).from(customers).where(sameEmail(email)))
  return rows.map((row) => row.id)
}

/**
 * A reset names an email, not an account. When one copy holds it, that copy takes the new hash;
 * when copies on several websites hold it, the edge cannot tell which one the shop reset, so none
 * takes the hash and all are marked unconfirmed (the next login of each asks the shop). One batch,
 * so the count and the writes see the same rows. Returns the ids written or marked.
 */
export async function resetCustomerPassword(d1: D1Database, email: string, passwordHash: string, now: number): Promise<number[]> {
  const db = orm(d1)
  const holders = sql`(select count(*) from ${customers} where lower(${customers.email}) = lower(${email}))`
  const [written, marked] = await query(() =>
    db.batch([
      db
        .update(customers)
        .set({ passwordHash, confirmedAt: Math.floor(now), shopPasswordHash: null })
        .where(and(sameEmail(email), sql`${holders} = 1`))
        .returning({ id: customers.id }),
      db
        .update(customers)
        .set({ confirmedAt: null })
        .where(and(sameEmail(email), sql`${holders} > 1`))
        .returning({ id: customers.id }),
    ]),
  )
  return [...written, ...marked].map((row) => row.id)
}

/**
 * Moves a customer's copy to a new email (deleting a stale copy of another id that held it on the
 * same website). The password hash and `confirmed_at` stay as they were: the shop confirmed the
 * email, not the password.
 */
export async function changeCustomerEmail(d1: D1Database, id: number, email: string): Promise<void> {
  const db = orm(d1)
  await query(() =>
    db.batch([
      db.delete(customers).where(otherHolderOf(email, id)),
      db.update(customers).set({ email }).where(eq(customers.id, id)),
    ]),
  )
}

/**
 * Marks copies "ask the shop first" (`confirmed_at` = NULL): the next login of each goes to the
 * shop before the copy is used. What a failed write-through leaves behind instead of a stale copy.
 */
export async function markCustomerUnconfirmed(d1: D1Database, which: { id: number } | { email: string }): Promise<void> {
  const where = 'id' in which ? eq(customers.id, which.id) : sameEmail(which.email)
  await query(() => orm(d1).update(customers).set({ confirmedAt: null }).where(where))
}

// `lower(email) = lower(?)` matches the expression of the unique index customers_email_website_unique.
function sameEmail(email: string): SQL {
  return sql`lower(${customers.email}) = lower(${email})`
}

function otherHolderOf(email: string, id: number): SQL {
  const website = sql`coalesce((select ${customers.websiteId} from ${customers} where ${customers.id} = ${id}), 1)`
  return and(sameEmail(email), ne(customers.id, id), sql`${customers.websiteId} = ${website}`)!
}
