// Reads and writes of the shop's accounts.
import { eq } from 'drizzle-orm'
import { apiUsers, customers, type ApiUserRow, type CustomerRow } from './schema'
import type { ShopDb } from './state'

export function customerByEmail(db: ShopDb, email: string): Promise<CustomerRow | undefined> {
  return db.select().from(customers).where(eq(customers.email, email.toLowerCase())).get()
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
