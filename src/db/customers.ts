import { eq, sql } from 'drizzle-orm'
import { orm, query } from './client'
import { customers, type Customer } from './schema'

/**
 * The customer with this email, compared case-insensitively. `lower(email) = lower(?)` matches
 * the expression of the unique index `customers_email_lower_unique`, so SQLite uses it.
 */
export async function findCustomerByEmail(d1: D1Database, email: string): Promise<Customer | undefined> {
  return query(() => orm(d1).select().from(customers).where(sql`lower(${customers.email}) = lower(${email})`).get())
}

export async function findCustomerById(d1: D1Database, id: number): Promise<Customer | undefined> {
  return query(() => orm(d1).select().from(customers).where(eq(customers.id, id)).get())
}

export async function updateCustomerPasswordHash(d1: D1Database, id: number, passwordHash: string): Promise<void> {
  await query(() => orm(d1).update(customers).set({ passwordHash }).where(eq(customers.id, id)).run())
}
