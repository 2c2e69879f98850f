import { eq } from 'drizzle-orm'
import { orm, query } from './client'
import { serviceAccounts, type ServiceAccount } from './schema'

export async function findServiceAccountByUsername(d1: D1Database, username: string): Promise<ServiceAccount | undefined> {
  return query(() => orm(d1).select().from(serviceAccounts).where(eq(serviceAccounts.username, username)).get())
}

export async function findServiceAccountByClientId(d1: D1Database, clientId: string): Promise<ServiceAccount | undefined> {
  return query(() => orm(d1).select().from(serviceAccounts).where(eq(serviceAccounts.clientId, clientId)).get())
}

export async function findServiceAccountById(d1: D1Database, id: number): Promise<ServiceAccount | undefined> {
  return query(() => orm(d1).select().from(serviceAccounts).where(eq(serviceAccounts.id, id)).get())
}

/** Which secret of a service account: the api_user grant's key or the client_credentials secret. */
export type ServiceSecret = 'apiKeyHash' | 'clientSecretHash'

export async function updateServiceSecretHash(d1: D1Database, id: number, column: ServiceSecret, hash: string): Promise<void> {
  await query(() => orm(d1).update(serviceAccounts).set({ [column]: hash }).where(eq(serviceAccounts.id, id)).run())
}
