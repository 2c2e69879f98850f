import { asc, desc, eq, sql, type SQL } from 'drizzle-orm'
import type { AnySQLiteColumn } from 'drizzle-orm/sqlite-core'
import { emailKey } from '../core'
import { orm, query, type D1Handle } from './client'
import { customers, serviceAccounts, type Customer, type ServiceAccount } from './schema'

type AccountTable = typeof customers | typeof serviceAccounts

/**
 * Every customer row with this email, compared as the shop's database compares emails (the key of
 * the unique index `customers_email_key_website_unique`, src/core/email-key.ts), in the order logins
 * try them: the default website first, then ascending id. An email exists at most once per
 * website, as in the shop.
 */
export async function findCustomersByEmail(d1: D1Handle, email: string, defaultWebsiteId: number): Promise<Customer[]> {
  return query(() =>
    orm(d1)
      .select()
      .from(customers)
      .where(eq(customers.emailKey, emailKey(email)))
      .orderBy(desc(sql`${customers.websiteId} = ${defaultWebsiteId}`), asc(customers.id))
      .all(),
  )
}

export async function findCustomerById(d1: D1Handle, id: number): Promise<Customer | undefined> {
  return query(() => orm(d1).select().from(customers).where(eq(customers.id, id)).get())
}

export async function findServiceByClientId(d1: D1Handle, clientId: string): Promise<ServiceAccount[]> {
  return query(() => orm(d1).select().from(serviceAccounts).where(eq(serviceAccounts.clientId, clientId)).all())
}

export async function findServiceByUsername(d1: D1Handle, username: string): Promise<ServiceAccount[]> {
  return query(() => orm(d1).select().from(serviceAccounts).where(eq(serviceAccounts.username, username)).all())
}

export async function findServiceById(d1: D1Handle, id: number): Promise<ServiceAccount | undefined> {
  return query(() => orm(d1).select().from(serviceAccounts).where(eq(serviceAccounts.id, id)).get())
}

/** Stores an upgraded hash of a customer's password. */
export async function storeCustomerPasswordHash(d1: D1Handle, id: number, passwordHash: string): Promise<void> {
  await query(() => orm(d1).update(customers).set({ passwordHash }).where(eq(customers.id, id)).run())
}

/** Stores an upgraded hash of a service account's client secret. */
export async function storeClientSecretHash(d1: D1Handle, id: number, clientSecretHash: string): Promise<void> {
  await query(() => orm(d1).update(serviceAccounts).set({ clientSecretHash }).where(eq(serviceAccounts.id, id)).run())
}

/** Stores an upgraded hash of a service account's api key. */
export async function storeApiKeyHash(d1: D1Handle, id: number, apiKeyHash: string): Promise<void> {
  await query(() => orm(d1).update(serviceAccounts).set({ apiKeyHash }).where(eq(serviceAccounts.id, id)).run())
}

/**
 * SQL that holds while the database still has the account row a login verified: the login name
 * and the hash of the secret in `same` as they were, active and confirmed. A batch that also clears
 * the lockout (src/db/lockout.ts `recordCopySuccess`) evaluates it on the primary against the state
 * it writes.
 */
export function stillVerified(table: AccountTable, id: number, same: readonly (readonly [AnySQLiteColumn, string | number | null])[]): SQL {
  const unchanged = same.map(([column, value]) => sql` and ${column} = ${value}`)
  return sql`exists (select 1 from ${table} where ${table.id} = ${id}${sql.join(unchanged)} and ${table.isActive} = 1 and ${table.confirmedAt} is not null)`
}

/** SQL that holds while the account exists and is active (the refresh claim, src/db/refreshed-tokens.ts). */
export function stillActive(table: AccountTable, id: number): SQL {
  return sql`exists (select 1 from ${table} where ${table.id} = ${id} and ${table.isActive} = 1)`
}
