// Reads and writes of the shop's accounts.
import { eq } from 'drizzle-orm'
import { apiUsers, customers, customerTwofa, type ApiUserRow, type CustomerRow } from './schema'
import type { ShopDb } from './state'

export function customerByEmail(db: ShopDb, email: string): Promise<CustomerRow | undefined> {
  return db.select().from(customers).where(eq(customers.email, email.toLowerCase())).get()
}

/** The customer's TOTP secret when the second factor is on, else undefined. */
export async function twofaSecret(db: ShopDb, customerId: number): Promise<string | undefined> {
  return (await db.select().from(customerTwofa).where(eq(customerTwofa.customerId, customerId)).get())?.secret
}

export function customerById(db: ShopDb, id: number): Promise<CustomerRow | undefined> {
  return db.select().from(customers).where(eq(customers.id, id)).get()
}

export function apiUserBy(db: ShopDb, column: 'clientId' | 'username' | 'id', value: string | number): Promise<ApiUserRow | undefined> {
  return db.select().from(apiUsers).where(eq(apiUsers[column], value)).get()
}

export async function setPasswordHash(db: ShopDb, id: number, passwordHash: string): Promise<void> {
  await db.update(customers).set({ passwordHash }).where(eq(customers.id, id))
}

/** The customer as the shop's API shows it. */
export function publicCustomer(row: CustomerRow) {
  return { id: row.id, email: row.email, firstName: row.firstName, lastName: row.lastName }
}

/** Inserts a customer; undefined when the email is taken (the unique index decides, race-free). */
export async function insertCustomer(
  db: ShopDb,
  customer: { email: string; passwordHash: string; firstName: string; lastName: string },
): Promise<CustomerRow | undefined> {
  return await db
    .insert(customers)
    .values({ ...customer, email: customer.email.toLowerCase(), isActive: true })
    .onConflictDoNothing()
    .returning()
    .get()
}

/** Changes email and/or names; undefined when the new email belongs to another customer. */
export async function updateCustomer(
  db: ShopDb,
  id: number,
  changes: { email?: string; firstName?: string; lastName?: string },
): Promise<CustomerRow | undefined> {
  const set = { ...changes, ...(changes.email ? { email: changes.email.toLowerCase() } : {}) }
  try {
    return await db.update(customers).set(set).where(eq(customers.id, id)).returning().get()
  } catch (err) {
    // Drizzle wraps D1's error; the unique index on email is the one constraint an update can break.
    const cause = err instanceof Error ? err.cause : undefined
    if (/UNIQUE constraint failed/.test(`${String(err)} ${String(cause)}`)) return undefined
    throw err
  }
}
