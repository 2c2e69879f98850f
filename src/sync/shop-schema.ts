// What the sync reads of the shop's tables (docs/sync.md "What it reads"), checked against the
// database's information_schema before anything is read, so a shop whose tables differ is named
// table by table and column by column instead of failing at the first unknown name.
import type { Connection, RowDataPacket } from 'mysql2/promise'
import { SyncError } from './errors'

/** Every table the sync reads and the columns it reads of each (without the table prefix). */
export const SHOP_COLUMNS: Readonly<Record<string, readonly string[]>> = {
  eav_entity_type: ['entity_type_id', 'entity_type_code'],
  eav_attribute: ['attribute_id', 'entity_type_id', 'attribute_code'],
  customer_entity: ['entity_id', 'email', 'website_id', 'is_active', 'updated_at', 'twofa_enabled'],
  customer_entity_varchar: ['entity_id', 'attribute_id', 'value'],
  core_store: ['store_id', 'website_id'],
  core_config_data: ['scope', 'scope_id', 'path', 'value'],
  api_user: ['user_id', 'username', 'api_key', 'client_id', 'client_secret', 'is_active', 'allowed_store_ids'],
  api_role: ['role_id', 'parent_id', 'role_type', 'user_id'],
  api_rule: ['role_id', 'resource_id', 'api_permission'],
}

/** One column the database has. */
export interface FoundColumn {
  table: string
  column: string
}

/**
 * What the sync needs and the database lacks, as readable lines: `table shop_api_role` for a
 * missing table, `column shop_customer_entity.twofa_enabled` for a missing column. Pure.
 *
 * @example
 * missingFromShop([{ table: 'shop_api_rule', column: 'role_id' }], 'shop_') // ['table shop_eav_entity_type', …]
 */
export function missingFromShop(found: readonly FoundColumn[], prefix: string): string[] {
  const have = new Set(found.map((f) => `${f.table}.${f.column}`))
  const tables = new Set(found.map((f) => f.table))
  const missing: string[] = []
  for (const [name, columns] of Object.entries(SHOP_COLUMNS)) {
    const table = `${prefix}${name}`
    if (!tables.has(table)) missing.push(`table ${table}`)
    else for (const column of columns) if (!have.has(`${table}.${column}`)) missing.push(`column ${table}.${column}`)
  }
  return missing
}

/** Throws `shop_schema` naming every table and column the sync needs and the database lacks. */
export async function checkShopSchema(connection: Connection, prefix: string): Promise<void> {
  const tables = Object.keys(SHOP_COLUMNS).map((name) => `${prefix}${name}`)
  const [rows] = await connection.query<RowDataPacket[]>(
    'SELECT TABLE_NAME AS t, COLUMN_NAME AS c FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME IN (?)',
    [tables],
  )
  const missing = missingFromShop(
    rows.map((r) => ({ table: String(r.t), column: String(r.c) })),
    prefix,
  )
  if (missing.length === 0) return
  const hint =
    missing.length === tables.length
      ? ' (wrong --table-prefix?)'
      : missing.some((m) => m.endsWith('.twofa_enabled'))
        ? ' (a shop older than the 26.7 line?)'
        : ''
  throw new SyncError('shop_schema', `the shop's tables are not as expected: missing ${missing.join(', ')}${hint}`)
}
