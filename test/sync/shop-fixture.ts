// A shop database per test file, in the shop's table layout, with the accounts below. The sync
// reads it through a SELECT-only user whose password needs URL escaping.
import { createHash, randomBytes } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import bcrypt from 'bcryptjs'
import { createConnection, type Connection, type ResultSetHeader, type RowDataPacket } from 'mysql2/promise'
import { ROOT } from './d1'

export const T0 = '2026-01-01 10:00:00'

export interface FixtureCustomer {
  id: number
  email: string
  website: number
  password: string
  /** The stored hash; by default derived from `password` per `format`. */
  hash: string | null
  isActive?: boolean
  /** The EAV attribute `confirmation` (a key while the email awaits confirmation). */
  confirmation?: string | null
  firstName?: string
  lastName?: string
  /** `customer_entity.twofa_enabled`, with a `twofa_secret` as the shop stores it (encrypted). */
  twofaEnabled?: boolean
}

const hex = (algorithm: string, text: string) => createHash(algorithm).update(text).digest('hex')
/** The shop's bcrypt: `$2y$` (bcryptjs writes `$2b$`, the same algorithm). */
export const bcrypt2y = (password: string, cost = 10) => bcrypt.hashSync(password, cost).replace(/^\$2b\$/, '$2y$')
export const salted = (algorithm: string, password: string, salt: string) => `${hex(algorithm, salt + password)}:${salt}`

// Every password is "<format>-secret-1" so a login test names the account it means.
export const CUSTOMERS: FixtureCustomer[] = [
  { id: 1, email: 'bcrypt@example.com', website: 1, password: 'bcrypt-secret-1', hash: bcrypt2y('bcrypt-secret-1'), firstName: 'Bea', lastName: 'Crypt' },
  {
    id: 2,
    email: 'argon@example.com',
    website: 1,
    password: 'argon-secret-1',
    hash: '$argon2id$v=19$m=65536,t=4,p=1$c29tZXNhbHRzb21lc2FsdA$4IiDuJdgmQ9WDyvfhEiOYvlyWrzXatOpTKVMfCkuyJE',
  },
  { id: 3, email: 'md5@example.com', website: 1, password: 'md5-secret-1', hash: hex('md5', 'md5-secret-1') },
  { id: 4, email: 'md5salted@example.com', website: 1, password: 'md5salted-secret-1', hash: salted('md5', 'md5salted-secret-1', 'Xq7') },
  { id: 5, email: 'sha256@example.com', website: 1, password: 'sha256-secret-1', hash: hex('sha256', 'sha256-secret-1') },
  { id: 6, email: 'sha256salted@example.com', website: 1, password: 'sha256salted-secret-1', hash: salted('sha256', 'sha256salted-secret-1', 'pepper') },
  { id: 7, email: 'sha512@example.com', website: 1, password: 'sha512-secret-1', hash: hex('sha512', 'sha512-secret-1') },
  { id: 8, email: 'sha512salted@example.com', website: 1, password: 'sha512salted-secret-1', hash: salted('sha512', 'sha512salted-secret-1', 'saltysalt') },
  { id: 9, email: 'unknown@example.com', website: 1, password: 'unknown-secret-1', hash: '{SSHA}9b1fa1c9a6b2e3d4' },
  { id: 10, email: 'inactive@example.com', website: 1, password: 'inactive-secret-1', hash: hex('md5', 'inactive-secret-1'), isActive: false },
  { id: 11, email: 'unconfirmed@example.com', website: 1, password: 'unconfirmed-secret-1', hash: hex('md5', 'unconfirmed-secret-1'), confirmation: 'c0nf1rm' },
  // The same email in the second website, another password: per-website accounts.
  { id: 12, email: 'bcrypt@example.com', website: 2, password: 'website2-secret-1', hash: bcrypt2y('website2-secret-1') },
  { id: 13, email: 'empty@example.com', website: 1, password: '', hash: '' },
  { id: 14, email: 'nohash@example.com', website: 1, password: '', hash: null },
  { id: 15, email: 'not-an-email', website: 1, password: 'bad-secret-1', hash: hex('md5', 'bad-secret-1') },
  { id: 16, email: 'Dup@Example.com', website: 1, password: 'dup-secret-1', hash: hex('md5', 'dup-secret-1') },
  { id: 17, email: 'dup@example.com', website: 1, password: 'dup-secret-2', hash: hex('md5', 'dup-secret-2') },
  { id: 18, email: 'broken@example.com', website: 1, password: 'broken-secret-1', hash: '$2y$10$short' },
]

export interface FixtureApiUser {
  id: number
  username: string
  apiKey: string
  clientId: string
  clientSecret: string
  isActive?: boolean
  stores?: string | null
  groups: string[]
}

/** Groups (`G` rows) and their allow rules; `deny` rules must not count. */
export const GROUPS: Record<string, { allow: string[]; deny?: string[] }> = {
  Administrators: { allow: ['all', 'products/read'] },
  Catalog: { allow: ['products/all', 'categories/read'], deny: ['orders/read'] },
  Orders: { allow: ['orders/read', 'products/all'] },
}

export const API_USERS: FixtureApiUser[] = [
  { id: 1, username: 'admin', apiKey: 'admin-key-1', clientId: `maho_${'0'.repeat(31)}1`, clientSecret: 'admin-secret-1', groups: ['Administrators'] },
  { id: 2, username: 'catalog', apiKey: 'catalog-key-1', clientId: `maho_${'0'.repeat(31)}2`, clientSecret: 'catalog-secret-1', groups: ['Catalog', 'Orders'] },
  {
    id: 3,
    username: 'storefront',
    apiKey: 'storefront-key-1',
    clientId: `maho_${'0'.repeat(31)}3`,
    clientSecret: 'storefront-secret-1',
    stores: '[2, 1]',
    groups: ['Orders'],
  },
  {
    id: 4,
    username: 'retired',
    apiKey: 'retired-key-1',
    clientId: `maho_${'0'.repeat(31)}4`,
    clientSecret: 'retired-secret-1',
    isActive: false,
    groups: ['Catalog'],
  },
]

type CustomerAttribute = 'firstname' | 'lastname' | 'password_hash' | 'confirmation'

// The customer entity type's id in this fixture (seedAttributes): not 1, as in a real shop.
const CUSTOMER_TYPE = 3

export interface Shop {
  /** The sync's URL: a SELECT-only user of this database. */
  url: string
  readerPassword: string
  prefix: string
  /** Admin connection to this database (changes the shop under test). */
  sql: Connection
  attributeId(code: CustomerAttribute): Promise<number>
  /** Sets `customer/password/allow_2fa` at a scope (`default` 0, `websites` id, `stores` id); null deletes the row. */
  setAllow2fa(scope: 'default' | 'websites' | 'stores', scopeId: number, value: string | null): Promise<void>
  insertCustomer(c: FixtureCustomer, updatedAt?: string): Promise<void>
  setPasswordHash(id: number, hash: string | null, updatedAt: string): Promise<void>
  close(): Promise<void>
}

export async function createShop(adminUrl: string, prefix = 'shop_'): Promise<Shop> {
  const name = `shop_${randomBytes(6).toString('hex')}`
  const reader = `r_${randomBytes(6).toString('hex')}`
  const readerPassword = `p@ss:w/rd#${randomBytes(6).toString('hex')}`
  const admin = await createConnection({ uri: adminUrl, multipleStatements: true, dateStrings: true })
  await admin.query(`CREATE DATABASE ${name} CHARACTER SET utf8mb4 COLLATE utf8mb4_general_ci`)
  await admin.query(`CREATE USER '${reader}'@'127.0.0.1' IDENTIFIED BY ?`, [readerPassword])
  await admin.query(`GRANT SELECT ON ${name}.* TO '${reader}'@'127.0.0.1'`)
  await admin.query(`USE ${name}`)
  const schema = readFileSync(join(ROOT, 'test/sync/shop-schema.sql'), 'utf8').replaceAll('{prefix}', prefix)
  await admin.query(schema)
  await seedAttributes(admin, prefix)
  await seedStores(admin, prefix)
  const port = new URL(adminUrl).port
  const shop: Shop = {
    url: `mysql://${reader}:${encodeURIComponent(readerPassword)}@127.0.0.1:${port}/${name}`,
    readerPassword,
    prefix,
    sql: admin,
    async attributeId(code) {
      const [rows] = await admin.query<RowDataPacket[]>(
        `SELECT a.attribute_id FROM ${prefix}eav_attribute a JOIN ${prefix}eav_entity_type t USING (entity_type_id) WHERE t.entity_type_code = 'customer' AND a.attribute_code = ?`,
        [code],
      )
      return rows[0]!.attribute_id
    },
    // As the shop's customer model saves one: the entity row (its store view: the website's first),
    // then one customer_entity_varchar row per EAV value it has.
    async insertCustomer(c, updatedAt = T0) {
      const twofa = c.twofaEnabled === true
      await admin.query(
        `INSERT INTO ${prefix}customer_entity (entity_id, entity_type_id, attribute_set_id, website_id, email, group_id, store_id, created_at, updated_at, is_active, twofa_enabled, twofa_secret)
         VALUES (?, ?, ?, ?, ?, 1, ?, ?, ?, ?, ?, ?)`,
        [
          c.id,
          CUSTOMER_TYPE,
          CUSTOMER_TYPE,
          c.website,
          c.email,
          c.website,
          T0,
          updatedAt,
          c.isActive === false ? 0 : 1,
          twofa ? 1 : 0,
          twofa ? ENCRYPTED_TOTP_SECRET : null,
        ],
      )
      const values: [CustomerAttribute, string | null][] = [
        ['firstname', c.firstName ?? 'First'],
        ['lastname', c.lastName ?? `Last${c.id}`],
        ['password_hash', c.hash],
        ['confirmation', c.confirmation ?? null],
      ]
      for (const [code, value] of values) {
        if (value === null) continue
        await admin.query(`INSERT INTO ${prefix}customer_entity_varchar (entity_type_id, attribute_id, entity_id, value) VALUES (?, ?, ?, ?)`, [
          CUSTOMER_TYPE,
          await shop.attributeId(code),
          c.id,
          value,
        ])
      }
    },
    async setAllow2fa(scope, scopeId, value) {
      await admin.query(`DELETE FROM ${prefix}core_config_data WHERE scope = ? AND scope_id = ? AND path = 'customer/password/allow_2fa'`, [scope, scopeId])
      if (value !== null)
        await admin.query(
          `INSERT INTO ${prefix}core_config_data (scope, scope_id, path, value, updated_at) VALUES (?, ?, 'customer/password/allow_2fa', ?, ?)`,
          [scope, scopeId, value, T0],
        )
    },
    async setPasswordHash(id, hash, updatedAt) {
      await admin.query(`REPLACE INTO ${prefix}customer_entity_varchar (entity_type_id, attribute_id, entity_id, value) VALUES (?, ?, ?, ?)`, [
        CUSTOMER_TYPE,
        await shop.attributeId('password_hash'),
        id,
        hash,
      ])
      await admin.query(`UPDATE ${prefix}customer_entity SET updated_at = ? WHERE entity_id = ?`, [updatedAt, id])
    },
    async close() {
      await admin.query(`DROP DATABASE ${name}`)
      await admin.query(`DROP USER '${reader}'@'127.0.0.1'`)
      await admin.end()
    },
  }
  return shop
}

/** Loads CUSTOMERS and API_USERS. */
export async function loadFixture(shop: Shop): Promise<void> {
  for (const c of CUSTOMERS) await shop.insertCustomer(c)
  const p = shop.prefix
  const groupIds = new Map<string, number>()
  for (const [name, rules] of Object.entries(GROUPS)) {
    const [result] = await shop.sql.query<ResultSetHeader>(
      `INSERT INTO ${p}api_role (parent_id, tree_level, role_type, user_id, role_name) VALUES (0, 1, 'G', 0, ?)`,
      [name],
    )
    groupIds.set(name, result.insertId)
    for (const resource of rules.allow)
      await shop.sql.query(`INSERT INTO ${p}api_rule (role_id, resource_id, role_type, api_permission) VALUES (?, ?, 'G', 'allow')`, [
        result.insertId,
        resource,
      ])
    for (const resource of rules.deny ?? [])
      await shop.sql.query(`INSERT INTO ${p}api_rule (role_id, resource_id, role_type, api_permission) VALUES (?, ?, 'G', 'deny')`, [result.insertId, resource])
  }
  for (const u of API_USERS) {
    await shop.sql.query(
      `INSERT INTO ${p}api_user (user_id, username, api_key, client_id, client_secret, is_active, allowed_store_ids, modified) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      [u.id, u.username, bcrypt2y(u.apiKey, 4), u.clientId, bcrypt2y(u.clientSecret, 4), u.isActive === false ? 0 : 1, u.stores ?? null, T0],
    )
    for (const group of u.groups) {
      await shop.sql.query(`INSERT INTO ${p}api_role (parent_id, tree_level, role_type, user_id, role_name) VALUES (?, 2, 'U', ?, ?)`, [
        groupIds.get(group),
        u.id,
        u.username,
      ])
    }
  }
}

/** A `twofa_secret` as the shop stores it: encrypted with its key (never read by the sync). */
const ENCRYPTED_TOTP_SECRET = 'aes-256-gcm:3:Zm9vYmFyYmF6cXV4cXV1eA==:bm90IGEgcmVhbCBjaXBoZXJ0ZXh0'

// customer_address comes first and has firstname/lastname too, and unrelated attributes sit in
// between: the customer's attribute ids are neither 1, 2, 3 nor the address's. Models and tables
// as the shop's eav_entity_type rows name them.
async function seedAttributes(admin: Connection, p: string): Promise<void> {
  await admin.query(
    `INSERT INTO ${p}eav_entity_type (entity_type_code, entity_model, attribute_model, entity_table) VALUES
      ('customer_address', 'customer/address', 'customer/attribute', 'customer/address_entity'),
      ('catalog_product', 'catalog/product', 'catalog/resource_eav_attribute', 'catalog/product'),
      ('customer', 'customer/customer', 'customer/attribute', 'customer/entity')`,
  )
  const types = { customer_address: 1, catalog_product: 2, customer: CUSTOMER_TYPE }
  const attributes: [number, string, string][] = [
    [types.customer_address, 'firstname', 'varchar'],
    [types.customer_address, 'lastname', 'varchar'],
    [types.catalog_product, 'name', 'varchar'],
    [types.customer, 'dob', 'datetime'],
    [types.customer, 'lastname', 'varchar'],
    [types.catalog_product, 'password_hash', 'varchar'],
    [types.customer, 'password_hash', 'varchar'],
    [types.customer, 'firstname', 'varchar'],
    [types.customer, 'rp_token', 'varchar'],
    [types.customer, 'confirmation', 'varchar'],
  ]
  for (const [type, code, backend] of attributes)
    await admin.query(`INSERT INTO ${p}eav_attribute (entity_type_id, attribute_code, backend_type) VALUES (?, ?, ?)`, [type, code, backend])
}

// The shop's scopes: the admin website and store view 0, website 1 with store view 1, website 2
// with store views 2 and 3 (ids 0 need NO_AUTO_VALUE_ON_ZERO, as the shop's installer sets it).
async function seedStores(admin: Connection, p: string): Promise<void> {
  await admin.query("SET SESSION sql_mode = CONCAT(@@sql_mode, ',NO_AUTO_VALUE_ON_ZERO')")
  await admin.query(
    `INSERT INTO ${p}core_website (website_id, code, name, sort_order, default_group_id, is_default) VALUES (0, 'admin', 'Admin', 0, 0, 0), (1, 'base', 'Main Website', 0, 1, 1), (2, 'second', 'Second Website', 1, 2, 0)`,
  )
  await admin.query(
    `INSERT INTO ${p}core_store (store_id, code, website_id, group_id, name, sort_order, is_active) VALUES
      (0, 'admin', 0, 0, 'Admin', 0, 1), (1, 'default', 1, 1, 'Default Store View', 0, 1), (2, 'second_en', 2, 2, 'English', 0, 1), (3, 'second_de', 2, 2, 'Deutsch', 1, 1)`,
  )
}
