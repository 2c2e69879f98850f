// Reading the shop's MySQL/MariaDB tables (docs/sync.md; test/sync/shop-schema.sql transcribes them). Read-only: the
// sync never writes the shop. Timestamps stay the database's own text (dateStrings), so a watermark
// is compared in the shop's clock and time zone, never converted through ours.
import { createConnection, type Connection, type RowDataPacket } from 'mysql2/promise'
import { SyncError } from './errors'
import { checkShopSchema } from './shop-schema'
import { ALLOW_2FA_PATH, twofaWebsites } from './twofa-config'

/** A customer as the shop holds it, EAV values joined. */
export interface ShopCustomer {
  id: number
  email: string
  websiteId: number
  isActive: boolean
  /** Non-null while the shop waits for the customer to confirm the email (the EAV attribute `confirmation`); such a login is refused. */
  confirmation: string | null
  /** `customer_entity.twofa_enabled`. */
  twofaEnabled: boolean
  /** The shop's `customer/password/allow_2fa` is on for the customer's website (twofa-config.ts). */
  twofaAllowed: boolean
  updatedAt: string
  firstName: string | null
  lastName: string | null
  passwordHash: string | null
}

export interface ShopApiUser {
  id: number
  username: string | null
  apiKeyHash: string | null
  clientId: string | null
  clientSecretHash: string | null
  isActive: boolean
  /** The raw JSON text of `allowed_store_ids`. */
  allowedStoreIds: string | null
  /** `resource_id`s of the allow rules of every group the user belongs to. */
  resources: string[]
}

/** Where a page of customers starts: after (`updatedAt`, `lastId`) in the shop's order. */
export interface Cursor {
  updatedAt: string
  lastId: number
}

// Table names are spliced into SQL (they cannot be bound): a prefix holds letters, digits and _ only.
export const TABLE_PREFIX = /^[A-Za-z0-9_]{0,32}$/

/** Before every timestamp the shop can hold, including MySQL's zero date. */
export const START_OF_TIME = '0000-00-00 00:00:00'

const CUSTOMER_ATTRIBUTES = ['firstname', 'lastname', 'password_hash', 'confirmation'] as const
type AttributeIds = Record<(typeof CUSTOMER_ATTRIBUTES)[number], number>

const CONNECT_ERRORS = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENOENT',
  'ER_ACCESS_DENIED_ERROR',
  'ER_DBACCESS_DENIED_ERROR',
  'ER_BAD_DB_ERROR',
  'PROTOCOL_CONNECTION_LOST',
  'HANDSHAKE_NO_SSL_SUPPORT',
])
const SCHEMA_ERRORS = new Set(['ER_NO_SUCH_TABLE', 'ER_BAD_FIELD_ERROR'])

export class ShopDatabase {
  private constructor(
    private readonly connection: Connection,
    private readonly prefix: string,
    private readonly attributes: AttributeIds,
    private readonly twofaAllowed: (websiteId: number) => boolean,
  ) {}

  /**
   * Connects, checks that every table and column the sync reads is there (shop-schema.ts), and
   * reads the customer entity's attribute ids from `eav_attribute` and where the shop's second
   * factor is allowed (`core_config_data`, `core_store`): once per run.
   */
  static async open(url: string, prefix: string, { disableEval = false } = {}): Promise<ShopDatabase> {
    let connection: Connection
    try {
      connection = await createConnection({
        uri: url.replace(/^mariadb:/, 'mysql:'),
        // Workers refuse eval (mysql2 compiles its row parsers with it by default): the sync Worker
        // sets this, Node keeps the faster compiled parsers.
        disableEval,
        dateStrings: true,
        supportBigNumbers: true,
        connectTimeout: 10_000,
        charset: 'utf8mb4',
      })
    } catch (err) {
      throw new SyncError('connect', `cannot connect to the shop's database: ${describe(err)}`)
    }
    try {
      await checkShopSchema(connection, prefix)
      return new ShopDatabase(connection, prefix, await readAttributeIds(connection, prefix), await readTwofaWebsites(connection, prefix))
    } catch (err) {
      await connection.end().catch(() => undefined)
      throw err
    }
  }

  async close(): Promise<void> {
    await this.connection.end()
  }

  /** How many customers a run starting at `since` will read (for the progress bar). */
  async countCustomers(since: string): Promise<number> {
    const [rows] = await this.select<{ n: number }>(`SELECT COUNT(*) AS n FROM ${this.table('customer_entity')} WHERE updated_at >= ?`, [since])
    return Number(rows[0]?.n ?? 0)
  }

  /** The next `limit` customers after `cursor`, ordered by (updated_at, entity_id). */
  async customersAfter(cursor: Cursor, limit: number): Promise<ShopCustomer[]> {
    const [rows] = await this.select<CustomerRow>(
      `${this.customerSelect()} WHERE (e.updated_at > ? OR (e.updated_at = ? AND e.entity_id > ?)) ORDER BY e.updated_at, e.entity_id LIMIT ?`,
      [cursor.updatedAt, cursor.updatedAt, cursor.lastId, limit],
    )
    return rows.map((row) => this.toCustomer(row))
  }

  /**
   * The next `limit` customers with the second factor on after id `lastId`, whatever their
   * updated_at: the shop's allow_2fa config changes without touching them.
   */
  async twofaCustomersAfter(lastId: number, limit: number): Promise<ShopCustomer[]> {
    const [rows] = await this.select<CustomerRow>(`${this.customerSelect()} WHERE e.twofa_enabled = 1 AND e.entity_id > ? ORDER BY e.entity_id LIMIT ?`, [
      lastId,
      limit,
    ])
    return rows.map((row) => this.toCustomer(row))
  }

  async customersById(ids: readonly number[]): Promise<ShopCustomer[]> {
    if (ids.length === 0) return []
    const [rows] = await this.select<CustomerRow>(`${this.customerSelect()} WHERE e.entity_id IN (?)`, [ids])
    return rows.map((row) => this.toCustomer(row))
  }

  /** Which of `ids` still exist as customers. */
  async existingCustomerIds(ids: readonly number[]): Promise<Set<number>> {
    if (ids.length === 0) return new Set()
    const [rows] = await this.select<{ id: number }>(`SELECT entity_id AS id FROM ${this.table('customer_entity')} WHERE entity_id IN (?)`, [ids])
    return new Set(rows.map((r) => Number(r.id)))
  }

  /** Every api user with the resources its groups allow. */
  async apiUsers(): Promise<ShopApiUser[]> {
    const [users] = await this.select<ApiUserRow>(
      `SELECT user_id, username, api_key, client_id, client_secret, is_active, allowed_store_ids FROM ${this.table('api_user')} ORDER BY user_id`,
      [],
    )
    // A user's `U` row names its group in parent_id; rules hang on the group (`G`) row.
    const [rules] = await this.select<{ user_id: number; resource_id: string }>(
      `SELECT u.user_id, r.resource_id FROM ${this.table('api_role')} u
         JOIN ${this.table('api_role')} g ON g.role_id = u.parent_id AND g.role_type = 'G'
         JOIN ${this.table('api_rule')} r ON r.role_id = g.role_id AND r.api_permission = 'allow'
       WHERE u.role_type = 'U'`,
      [],
    )
    const resources = new Map<number, string[]>()
    for (const rule of rules) {
      const id = Number(rule.user_id)
      resources.set(id, [...(resources.get(id) ?? []), rule.resource_id])
    }
    return users.map((u) => ({
      id: Number(u.user_id),
      username: u.username,
      apiKeyHash: u.api_key,
      clientId: u.client_id,
      clientSecretHash: u.client_secret,
      isActive: Number(u.is_active) === 1,
      allowedStoreIds: u.allowed_store_ids,
      resources: resources.get(Number(u.user_id)) ?? [],
    }))
  }

  private customerSelect(): string {
    const value = (alias: string, attribute: keyof AttributeIds) =>
      `LEFT JOIN ${this.table('customer_entity_varchar')} ${alias} ON ${alias}.entity_id = e.entity_id AND ${alias}.attribute_id = ${this.attributes[attribute]}`
    // `confirmation`, like `password_hash`, is an EAV attribute of the customer, not a column.
    return `SELECT e.entity_id, e.email, e.website_id, e.is_active, e.twofa_enabled, e.updated_at,
        fn.value AS firstname, ln.value AS lastname, pw.value AS password_hash, cf.value AS confirmation
      FROM ${this.table('customer_entity')} e
      ${value('fn', 'firstname')} ${value('ln', 'lastname')} ${value('pw', 'password_hash')} ${value('cf', 'confirmation')}`
  }

  private toCustomer(row: CustomerRow): ShopCustomer {
    const websiteId = Number(row.website_id ?? 0)
    return {
      id: Number(row.entity_id),
      email: row.email ?? '',
      websiteId,
      isActive: Number(row.is_active) === 1,
      confirmation: row.confirmation,
      twofaEnabled: Number(row.twofa_enabled) === 1,
      twofaAllowed: this.twofaAllowed(websiteId),
      updatedAt: row.updated_at,
      firstName: row.firstname,
      lastName: row.lastname,
      passwordHash: row.password_hash,
    }
  }

  private table(name: string): string {
    return `\`${this.prefix}${name}\``
  }

  private async select<T>(sql: string, params: unknown[]): Promise<[(T & RowDataPacket)[]]> {
    try {
      const [rows] = await this.connection.query<(T & RowDataPacket)[]>(sql, params)
      return [rows]
    } catch (err) {
      throw classify(err)
    }
  }
}

interface CustomerRow {
  entity_id: number
  email: string | null
  website_id: number | null
  is_active: number | null
  confirmation: string | null
  twofa_enabled: number | null
  updated_at: string
  firstname: string | null
  lastname: string | null
  password_hash: string | null
}

interface ApiUserRow {
  user_id: number
  username: string | null
  api_key: string | null
  client_id: string | null
  client_secret: string | null
  is_active: number | null
  allowed_store_ids: string | null
}

// Attribute ids differ from shop to shop: they are read from eav_attribute for the customer entity
// type only (customer_address has its own firstname/lastname).
async function readAttributeIds(connection: Connection, prefix: string): Promise<AttributeIds> {
  let rows: RowDataPacket[]
  try {
    ;[rows] = await connection.query<RowDataPacket[]>(
      `SELECT a.attribute_code, a.attribute_id FROM \`${prefix}eav_attribute\` a
         JOIN \`${prefix}eav_entity_type\` t ON t.entity_type_id = a.entity_type_id
       WHERE t.entity_type_code = 'customer' AND a.attribute_code IN (?)`,
      [CUSTOMER_ATTRIBUTES],
    )
  } catch (err) {
    throw classify(err)
  }
  const found = new Map(rows.map((r) => [String(r.attribute_code), Number(r.attribute_id)]))
  const missing = CUSTOMER_ATTRIBUTES.filter((code) => !found.has(code))
  if (missing.length > 0) {
    throw new SyncError('shop_schema', `the shop's eav_attribute has no customer attribute ${missing.join(', ')} (wrong --table-prefix?)`)
  }
  return Object.fromEntries(CUSTOMER_ATTRIBUTES.map((code) => [code, found.get(code)!])) as AttributeIds
}

// The flag `customer/password/allow_2fa` at every scope, and which website each store view is in.
async function readTwofaWebsites(connection: Connection, prefix: string): Promise<(websiteId: number) => boolean> {
  try {
    const [rows] = await connection.query<RowDataPacket[]>(`SELECT scope, scope_id, value FROM \`${prefix}core_config_data\` WHERE path = ?`, [ALLOW_2FA_PATH])
    const [stores] = await connection.query<RowDataPacket[]>(`SELECT store_id, website_id FROM \`${prefix}core_store\``)
    return twofaWebsites(
      rows.map((r) => ({ scope: String(r.scope), scopeId: Number(r.scope_id), value: r.value === null ? null : String(r.value) })),
      stores.map((r) => ({ storeId: Number(r.store_id), websiteId: Number(r.website_id) })),
    )
  } catch (err) {
    throw classify(err)
  }
}

function classify(err: unknown): Error {
  const code = (err as { code?: unknown })?.code
  if (typeof code === 'string' && SCHEMA_ERRORS.has(code))
    return new SyncError('shop_schema', `the shop's tables are not as expected (wrong --table-prefix?): ${describe(err)}`)
  if (typeof code === 'string' && CONNECT_ERRORS.has(code)) return new SyncError('connect', `lost the shop's database: ${describe(err)}`)
  return err instanceof Error ? err : new Error(String(err))
}

function describe(err: unknown): string {
  const code = (err as { code?: unknown })?.code
  const message = err instanceof Error ? err.message : String(err)
  return typeof code === 'string' && !message.includes(code) ? `${code}: ${message}` : message
}
