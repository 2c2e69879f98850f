// The demo shop's tables in its own D1 (binding SHOP_DB), a small stand-in for the shop's
// customer_entity, api_user and quote tables. Created on first use by state.ts.
import { integer, sqliteTable, text } from 'drizzle-orm/sqlite-core'

export const customers = sqliteTable('customers', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  /** Stored lower-case; unique. */
  email: text('email').notNull().unique(),
  /** bcrypt `$2y$`, or a legacy salted md5 `hex:salt` until the customer's next login upgrades it. */
  passwordHash: text('password_hash').notNull(),
  firstName: text('first_name').notNull(),
  lastName: text('last_name').notNull(),
  isActive: integer('is_active', { mode: 'boolean' }).notNull(),
})

/**
 * Customers with the second factor on (the shop's `customer_entity.twofa_enabled` = 1 and its
 * `twofa_secret`, here in clear: a demo). A table of its own, so a local shop state created before
 * it existed gains it with IF NOT EXISTS.
 */
export const customerTwofa = sqliteTable('customer_twofa', {
  customerId: integer('customer_id').primaryKey(),
  /** Base32 TOTP secret. */
  secret: text('secret').notNull(),
})

export const apiUsers = sqliteTable('api_users', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  username: text('username').notNull().unique(),
  apiKeyHash: text('api_key_hash').notNull(),
  clientId: text('client_id').notNull().unique(),
  clientSecretHash: text('client_secret_hash').notNull(),
  isActive: integer('is_active', { mode: 'boolean' }).notNull(),
  /** JSON array of strings. */
  permissions: text('permissions').notNull(),
  /** JSON int array, or null for every store. */
  allowedStoreIds: text('allowed_store_ids'),
})

export const carts = sqliteTable('carts', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  /** 32 lowercase hex; how guests reach their cart. */
  maskedId: text('masked_id').notNull().unique(),
  /** null: a guest cart. */
  customerId: integer('customer_id'),
  itemsQty: integer('items_qty').notNull(),
  /** false once merged into a customer's cart. */
  isActive: integer('is_active', { mode: 'boolean' }).notNull(),
})

/** The shop's `api_revoked_token`: jtis logged out through `/auth/logout`, kept until the token's exp. */
export const revokedTokens = sqliteTable('revoked_tokens', {
  jti: text('jti').primaryKey(),
  /** Seconds since the epoch; a row past it no longer matters. */
  expiresAt: integer('expires_at').notNull(),
})

export type CustomerRow = typeof customers.$inferSelect
export type ApiUserRow = typeof apiUsers.$inferSelect
export type CartRow = typeof carts.$inferSelect

// The same tables as SQL, run with IF NOT EXISTS on first use (no migration step for a demo).
export const CREATE_TABLES = [
  `CREATE TABLE IF NOT EXISTS customers (
    id INTEGER PRIMARY KEY AUTOINCREMENT, email TEXT NOT NULL UNIQUE, password_hash TEXT NOT NULL,
    first_name TEXT NOT NULL, last_name TEXT NOT NULL, is_active INTEGER NOT NULL)`,
  `CREATE TABLE IF NOT EXISTS api_users (
    id INTEGER PRIMARY KEY AUTOINCREMENT, username TEXT NOT NULL UNIQUE, api_key_hash TEXT NOT NULL,
    client_id TEXT NOT NULL UNIQUE, client_secret_hash TEXT NOT NULL, is_active INTEGER NOT NULL,
    permissions TEXT NOT NULL, allowed_store_ids TEXT)`,
  `CREATE TABLE IF NOT EXISTS carts (
    id INTEGER PRIMARY KEY AUTOINCREMENT, masked_id TEXT NOT NULL UNIQUE, customer_id INTEGER,
    items_qty INTEGER NOT NULL, is_active INTEGER NOT NULL)`,
  'CREATE INDEX IF NOT EXISTS carts_customer ON carts (customer_id)',
  'CREATE TABLE IF NOT EXISTS revoked_tokens (jti TEXT PRIMARY KEY, expires_at INTEGER NOT NULL)',
  'CREATE TABLE IF NOT EXISTS customer_twofa (customer_id INTEGER PRIMARY KEY, secret TEXT NOT NULL)',
]
