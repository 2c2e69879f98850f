// The D1 side of the sync: reads and writes of the edge copy, built with Drizzle from the schema's
// table objects (src/db/schema.ts). Id lists travel as one JSON parameter through json_each,
// because D1 binds at most 100 parameters per statement.
import { and, eq, gt, isNull, or, sql, type SQL } from 'drizzle-orm'
import type { BatchItem } from 'drizzle-orm/batch'
import type { SQLiteColumn } from 'drizzle-orm/sqlite-core'
import { customers, refreshFamilies, serviceAccounts, syncState } from '../db'
import { emailKey } from '../core'
import type { CustomerCopy } from './plan-customer'
import type { ServiceCopy } from './plan-api-user'
import type { Cursor } from './shop'
import type { SyncDb } from './target'

export type Write = BatchItem<'sqlite'>

const inList = (column: SQLiteColumn, values: readonly (number | string)[]): SQL => sql`${column} in (select value from json_each(${JSON.stringify(values)}))`

const customerCopyColumns = {
  id: customers.id,
  email: customers.email,
  websiteId: customers.websiteId,
  firstName: customers.firstName,
  lastName: customers.lastName,
  isActive: customers.isActive,
  passwordHash: customers.passwordHash,
  shopPasswordHash: customers.shopPasswordHash,
  secondFactor: customers.secondFactor,
}

/**
 * The copies of these ids, and of every account holding one of these emails (compared as D1's
 * unique index compares them: by src/core/email-key.ts `emailKey`), in one read.
 */
export async function readCustomerCopies(db: SyncDb, ids: readonly number[], emails: readonly string[] = []): Promise<Map<number, CustomerCopy>> {
  if (ids.length === 0) return new Map()
  const keys = [...new Set(emails.map((e) => emailKey(e)))]
  const rows = await db
    .select(customerCopyColumns)
    .from(customers)
    .where(or(inList(customers.id, ids), sql`${customers.emailKey} in (select value from json_each(${JSON.stringify(keys)}))`))
  return new Map(rows.map((r) => [r.id, r]))
}

// The sync's columns of `customers`, in the order of upsertCustomers' JSON rows.
const customerWriteColumns = [
  customers.id,
  customers.email,
  customers.emailKey,
  customers.websiteId,
  customers.firstName,
  customers.lastName,
  customers.isActive,
  customers.passwordHash,
  customers.shopPasswordHash,
  customers.secondFactor,
  customers.confirmedAt,
]

/**
 * Inserts or updates the sync's columns of many customers in ONE statement; lockout columns are
 * left alone. The rows travel as one JSON parameter read back with json_each: a statement per row
 * (or a VALUES list, 10 parameters a row against D1's 100) made batches several times slower.
 */
export function upsertCustomers(db: SyncDb, rows: readonly CustomerCopy[], now: number): Write {
  const data = rows.map((r) => [
    r.id,
    r.email,
    emailKey(r.email),
    r.websiteId,
    r.firstName,
    r.lastName,
    r.isActive ? 1 : 0,
    r.passwordHash,
    r.shopPasswordHash,
    r.secondFactor ? 1 : 0,
    now,
  ])
  const names = customerWriteColumns.map((c) => sql.identifier(c.name))
  const picks = customerWriteColumns.map((_, i) => sql.raw(`json_extract(value, '$[${i}]')`))
  const updates = customerWriteColumns.slice(1).map((c) => sql`${sql.identifier(c.name)} = excluded.${sql.identifier(c.name)}`)
  // "WHERE true" settles SQLite's parsing ambiguity of INSERT … SELECT … ON CONFLICT (sqlite.org/lang_upsert.html).
  return db.run(sql`insert into ${customers} (${sql.join(names, sql`, `)}) select ${sql.join(picks, sql`, `)} from json_each(${JSON.stringify(data)}) where true
    on conflict (${sql.identifier(customers.id.name)}) do update set ${sql.join(updates, sql`, `)}`)
}

// An email that moves between two accounts in one batch would hit the unique index half-way: every
// moving copy first gets a placeholder no login can type, inside the same transaction.
export function parkCustomerEmail(db: SyncDb, id: number): Write {
  return db
    .update(customers)
    .set({ email: sql`'~sync~' || ${customers.id}`, emailKey: sql`'~sync~' || ${customers.id}` })
    .where(eq(customers.id, id))
}

export function deleteCustomer(db: SyncDb, id: number): Write {
  return db.delete(customers).where(eq(customers.id, id))
}

export function deactivateCustomers(db: SyncDb, ids: readonly number[], now: number): Write {
  return db
    .update(customers)
    .set({ isActive: false, confirmedAt: now })
    .where(and(inList(customers.id, ids), eq(customers.isActive, true)))
}

/**
 * Ends the live refresh families of these customers, as the gateway's revokeSubject does
 * (src/auth/revocation.ts): a refresh token must not mint tokens past a subject stamp.
 */
export function endRefreshFamilies(db: SyncDb, customerIds: readonly number[], now: number): Write {
  return db
    .update(refreshFamilies)
    .set({ revokedAt: now, revokedReason: 'subject_revoked' })
    .where(and(inList(refreshFamilies.customerId, customerIds), isNull(refreshFamilies.revokedAt)))
}

/** Active customer ids above `afterId`, ascending. */
export async function activeCustomerIds(db: SyncDb, afterId: number, limit: number): Promise<number[]> {
  const rows = await db
    .select({ id: customers.id })
    .from(customers)
    .where(and(eq(customers.isActive, true), gt(customers.id, afterId)))
    .orderBy(customers.id)
    .limit(limit)
  return rows.map((r) => r.id)
}

export async function readWatermark(db: SyncDb, source: string): Promise<Cursor | null> {
  const [row] = await db.select({ updatedAt: syncState.updatedAt, lastId: syncState.lastId }).from(syncState).where(eq(syncState.source, source))
  return row ?? null
}

export function saveWatermark(db: SyncDb, source: string, cursor: Cursor): Write {
  return db
    .insert(syncState)
    .values({ source, ...cursor })
    .onConflictDoUpdate({ target: syncState.source, set: cursor })
}

const serviceCopyColumns = {
  id: serviceAccounts.id,
  username: serviceAccounts.username,
  apiKeyHash: serviceAccounts.apiKeyHash,
  clientId: serviceAccounts.clientId,
  clientSecretHash: serviceAccounts.clientSecretHash,
  isActive: serviceAccounts.isActive,
  allowedStoreIds: serviceAccounts.allowedStoreIds,
  permissions: serviceAccounts.permissions,
  shopApiKeyHash: serviceAccounts.shopApiKeyHash,
  shopClientSecretHash: serviceAccounts.shopClientSecretHash,
}

export async function readServiceCopies(db: SyncDb): Promise<Map<number, ServiceCopy & { confirmedAt: number | null }>> {
  const rows = await db.select({ ...serviceCopyColumns, confirmedAt: serviceAccounts.confirmedAt }).from(serviceAccounts)
  return new Map(rows.map((r) => [r.id, r]))
}

/**
 * Frees `username` and `client_id` from every other account before `row` takes them (renames and
 * swaps inside one batch; accounts deleted in the shop keep their row, deactivated, but not the name).
 */
export function releaseServiceNames(db: SyncDb, row: ServiceCopy): Write[] {
  const writes: Write[] = []
  if (row.username !== null) {
    writes.push(
      db
        .update(serviceAccounts)
        .set({ username: null })
        .where(and(eq(serviceAccounts.username, row.username), sql`${serviceAccounts.id} <> ${row.id}`)),
    )
  }
  if (row.clientId !== null) {
    writes.push(
      db
        .update(serviceAccounts)
        .set({ clientId: null })
        .where(and(eq(serviceAccounts.clientId, row.clientId), sql`${serviceAccounts.id} <> ${row.id}`)),
    )
  }
  return writes
}

export function upsertServiceAccount(db: SyncDb, row: ServiceCopy, now: number): Write {
  const values = { ...row, confirmedAt: now }
  const { id: _id, ...changes } = values
  return db.insert(serviceAccounts).values(values).onConflictDoUpdate({ target: serviceAccounts.id, set: changes })
}

export function deactivateServiceAccounts(db: SyncDb, ids: readonly number[], now: number): Write {
  return db
    .update(serviceAccounts)
    .set({ isActive: false, confirmedAt: now })
    .where(and(inList(serviceAccounts.id, ids), eq(serviceAccounts.isActive, true)))
}

/** Runs writes as one D1 batch (nothing when empty). */
export async function runBatch(db: SyncDb, writes: readonly Write[]): Promise<void> {
  if (writes.length === 0) return
  await db.batch(writes as unknown as [Write, ...Write[]])
}
