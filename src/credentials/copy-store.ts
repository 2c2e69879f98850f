import { and, eq, inArray, ne, sql, type SQL } from 'drizzle-orm'
import { emailKey } from '../core'
import { orm, query, customers } from '../db'

/**
 * Writes to the edge copy of customers from changes the shop just answered 2xx (write-through).
 * None of them stores a secret the client sent: a copy the change touched forgets its password
 * (`password_hash` emptied, which no password matches) and asks the shop first (`confirmed_at`
 * NULL), so the next login is answered by the shop's token endpoint and only its 2xx stores the new
 * secret (src/auth/login.ts). Emails are matched by the keys the caller folded them to
 * (src/core/email-key.ts `emailKeys`: every key the shop's collation could give the email).
 * D1 failures become `storage_unavailable`, as every query in src/db does.
 */

/** What a copy holds once it has forgotten its password: no hash, ask the shop first. */
const FORGOTTEN = { passwordHash: '', confirmedAt: null, shopPasswordHash: null } as const

/** Makes one customer's copy forget its password; returns whether the edge had a copy of it. */
export async function forgetCustomerPassword(d1: D1Database, id: number): Promise<boolean> {
  const rows = await query(() => orm(d1).update(customers).set(FORGOTTEN).where(eq(customers.id, id)).returning({ id: customers.id }))
  return rows.length > 0
}

/** The ids of the copies holding an email under any of `keys` (one per website at most, per key). */
export async function customerIdsByEmail(d1: D1Database, keys: readonly string[]): Promise<number[]> {
  const rows = await query(() => orm(d1).select({ id: customers.id }).from(customers).where(heldUnder(keys)))
  return rows.map((row) => row.id)
}

/**
 * A reset names an email, not an account: every copy it could mean (any website, any key the
 * shop's collation could give it) forgets its password. Returns the ids written.
 */
export async function forgetPasswordsByEmail(d1: D1Database, keys: readonly string[]): Promise<number[]> {
  const rows = await query(() => orm(d1).update(customers).set(FORGOTTEN).where(heldUnder(keys)).returning({ id: customers.id }))
  return rows.map((row) => row.id)
}

/** A customer the shop's answer named when it created the account. */
export interface NamedCustomer {
  id: number
  email: string
  firstName: string
  lastName: string
  /** Used when the row is new; an existing row keeps its website. */
  websiteId: number
}

/**
 * Stores the copy of an account the shop just created, without a password and asking the shop
 * first. A row of another id holding the email on the same website is the copy of an account the
 * shop no longer has, and is removed in the same batch.
 */
export async function storeUnconfirmedCopy(d1: D1Database, customer: NamedCustomer, keys: readonly string[]): Promise<void> {
  const db = orm(d1)
  const row = {
    email: customer.email,
    emailKey: emailKey(customer.email),
    firstName: customer.firstName,
    lastName: customer.lastName,
    isActive: true,
    ...FORGOTTEN,
  }
  await query(() =>
    db.batch([
      db.delete(customers).where(and(heldUnder(keys), eq(customers.websiteId, customer.websiteId), ne(customers.id, customer.id))),
      db
        .insert(customers)
        .values({ id: customer.id, websiteId: customer.websiteId, ...row })
        .onConflictDoUpdate({ target: customers.id, set: row }),
    ]),
  )
}

/**
 * Moves a customer's copy to a new email (deleting a stale copy of another id that held it on the
 * same website). The password hash and `confirmed_at` stay as they were: the shop confirmed the
 * email, not the password.
 */
export async function changeCustomerEmail(d1: D1Database, id: number, email: string, keys: readonly string[]): Promise<void> {
  const db = orm(d1)
  await query(() =>
    db.batch([
      db.delete(customers).where(otherHolderOf(keys, id)),
      db
        .update(customers)
        .set({ email, emailKey: emailKey(email) })
        .where(eq(customers.id, id)),
    ]),
  )
}

/**
 * Marks copies "ask the shop first" (`confirmed_at` = NULL): the next login of each goes to the
 * shop before the copy is used. What a failed write-through leaves behind instead of a stale copy.
 */
export async function markCustomerUnconfirmed(d1: D1Database, which: { id: number } | { keys: readonly string[] }): Promise<void> {
  const where = 'id' in which ? eq(customers.id, which.id) : heldUnder(which.keys)
  await query(() => orm(d1).update(customers).set({ confirmedAt: null }).where(where))
}

// `email_key` leads the unique index customers_email_key_website_unique, so SQLite uses it.
function heldUnder(keys: readonly string[]): SQL {
  return keys.length === 0 ? sql`0` : inArray(customers.emailKey, [...keys])
}

function otherHolderOf(keys: readonly string[], id: number): SQL {
  const website = sql`coalesce((select ${customers.websiteId} from ${customers} where ${customers.id} = ${id}), 1)`
  return and(heldUnder(keys), ne(customers.id, id), sql`${customers.websiteId} = ${website}`)!
}
