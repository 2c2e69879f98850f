import { and, eq, inArray, ne, or } from 'drizzle-orm'
import { emailKey } from '../core'
import { orm, query, type D1Handle } from './client'
import { customers, serviceAccounts, type Customer, type ServiceAccount } from './schema'

/** A customer as the shop confirmed it, with gatehouse's own hash of the password just seen. */
export interface CustomerCopy {
  /** The shop's customer id. */
  id: number
  email: string
  firstName: string
  lastName: string
  /** PBKDF2 (src/auth/passwords `hashPassword`) of the password the shop accepted. */
  passwordHash: string
  /** Used when the row is new; an existing row keeps its website. */
  websiteId: number
  /**
   * The login passed the shop's second factor: the copy is stored with it on. False leaves an
   * existing copy's flag as it is (only the sync, reading the shop's tables, turns it off).
   */
  secondFactor?: boolean
}

/**
 * Stores or updates the D1 copy of a customer the shop has just confirmed: active, confirmed at
 * `now`, keyed by its email as the shop compares it, and `shop_password_hash` NULL (gatehouse saw the password, not the shop's hash of it; sync
 * compares that column to notice the shop's hash changing). A row of another id holding the same
 * email on the same website is the copy of an account the shop no longer has, and is removed in
 * the same batch. Returns the stored row. For every caller that learns a customer's password
 * from a 2xx of the shop (the login fallback, write-through).
 *
 * @example
 * await upsertCustomerCopy(env.DB, { id: 5, email, firstName, lastName, passwordHash: await hashPassword(pw), websiteId: 1 }, now)
 */
export async function upsertCustomerCopy(d1: D1Handle, copy: CustomerCopy, now: number): Promise<Customer> {
  const db = orm(d1)
  const key = emailKey(copy.email)
  const confirmed = {
    email: copy.email,
    emailKey: key,
    firstName: copy.firstName,
    lastName: copy.lastName,
    passwordHash: copy.passwordHash,
    isActive: true,
    confirmedAt: Math.floor(now),
    shopPasswordHash: null,
    ...(copy.secondFactor ? { secondFactor: true } : {}),
  }
  const [, stored] = await query(() =>
    db.batch([
      db.delete(customers).where(and(eq(customers.emailKey, key), eq(customers.websiteId, copy.websiteId), ne(customers.id, copy.id))),
      db
        .insert(customers)
        .values({ id: copy.id, websiteId: copy.websiteId, ...confirmed })
        .onConflictDoUpdate({ target: customers.id, set: confirmed })
        .returning(),
    ]),
  )
  return stored[0]!
}

/**
 * Makes sure D1 has a row for a customer the shop has just signed in without a password (social
 * sign-in), so a refresh family can be kept for it. A new row has an empty password hash, which no
 * password ever matches (a password login goes on to the shop), and is unconfirmed; an existing row
 * of this id is left as it is. As in upsertCustomerCopy, a row of another id holding the same email
 * on the same website is the copy of an account the shop no longer has, and is removed.
 *
 * @example
 * await ensureCustomerRow(env.DB, { id: 1, email, firstName, lastName, websiteId: 1 })
 */
export async function ensureCustomerRow(d1: D1Handle, customer: Omit<CustomerCopy, 'passwordHash'>): Promise<void> {
  const db = orm(d1)
  const key = emailKey(customer.email)
  await query(() =>
    db.batch([
      db.delete(customers).where(and(eq(customers.emailKey, key), eq(customers.websiteId, customer.websiteId), ne(customers.id, customer.id))),
      db
        .insert(customers)
        .values({ ...customer, emailKey: key, passwordHash: '', isActive: true, confirmedAt: null })
        .onConflictDoNothing({ target: customers.id }),
    ]),
  )
}

/**
 * Marks copies "second factor on": the shop answered `twofa_required` or `twofa_invalid` for their
 * login name, so the password was right and the shop wants a code. Every later login of theirs is
 * sent to the shop.
 */
export async function markSecondFactor(d1: D1Handle, ids: readonly number[]): Promise<void> {
  if (ids.length === 0) return
  await query(() =>
    orm(d1)
      .update(customers)
      .set({ secondFactor: true })
      .where(inArray(customers.id, [...ids]))
      .run(),
  )
}

/** A service account as the shop confirmed it, with gatehouse's own hash of the one secret just seen. */
export interface ServiceCopy {
  /** The shop's api user id. */
  id: number
  username: string
  /** Known only from a client_credentials login; otherwise the stored one is kept. */
  clientId?: string
  permissions: string[]
  allowedStoreIds: number[] | null
  /** PBKDF2 of the secret the shop accepted, and which secret it is. */
  secret: { kind: 'client_secret' | 'api_key'; hash: string }
}

/**
 * Stores or updates the D1 copy of a service account the shop has just confirmed: active,
 * confirmed at `now`, the secret just seen stored as PBKDF2 and its `shop_*_hash` NULL (unknown);
 * the other secret is left as it was. Rows of other ids holding the same username or client id are
 * copies of accounts the shop no longer has, and are removed in the same batch. Returns the row.
 */
export async function upsertServiceCopy(d1: D1Handle, copy: ServiceCopy, now: number): Promise<ServiceAccount> {
  const db = orm(d1)
  const secret =
    copy.secret.kind === 'client_secret'
      ? { clientSecretHash: copy.secret.hash, shopClientSecretHash: null }
      : { apiKeyHash: copy.secret.hash, shopApiKeyHash: null }
  const confirmed = {
    username: copy.username,
    ...(copy.clientId === undefined ? {} : { clientId: copy.clientId }),
    permissions: copy.permissions,
    allowedStoreIds: copy.allowedStoreIds,
    isActive: true,
    confirmedAt: Math.floor(now),
    ...secret,
  }
  const sameName =
    copy.clientId === undefined
      ? eq(serviceAccounts.username, copy.username)
      : or(eq(serviceAccounts.username, copy.username), eq(serviceAccounts.clientId, copy.clientId))
  const [, stored] = await query(() =>
    db.batch([
      db.delete(serviceAccounts).where(and(sameName, ne(serviceAccounts.id, copy.id))),
      db
        .insert(serviceAccounts)
        .values({ id: copy.id, ...confirmed })
        .onConflictDoUpdate({ target: serviceAccounts.id, set: confirmed })
        .returning(),
    ]),
  )
  return stored[0]!
}
