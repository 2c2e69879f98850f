// Types of service-account-copy.mjs, for the workerd test (tsconfig.json) and the scripts (tsconfig.node.json).

export interface RawOptions {
  id?: string
  username?: string
  'client-id'?: string
  remote?: boolean
  env?: string
  help?: boolean
}

export type Which = { column: 'id'; value: number } | { column: 'username' | 'client_id'; value: string }

export interface CopyOptions {
  command: 'show' | 'forget'
  /** Null: every account (show only). */
  which: Which | null
  remote: boolean
  env: string | null
}

/** A row as `showSql` selects it (SQLite booleans are 0/1). */
export interface ShownRow {
  id: number
  username: string | null
  client_id: string | null
  is_active: number
  permissions: string
  allowed_store_ids: string | null
  confirmed_at: number | null
  shop_api_key_known: number
  shop_client_secret_known: number
}

export declare const OPTIONS: Readonly<Record<keyof RawOptions, { type: 'string' | 'boolean'; short?: string }>>
export declare const USAGE: string
export declare class UsageError extends Error {}

export declare function validateOptions(command: string, values: RawOptions): CopyOptions
export declare function showSql(which: Which | null): string
export declare function forgetSql(which: Which): string
export declare function sqlText(value: string): string
export declare function wranglerArgs(options: Pick<CopyOptions, 'remote' | 'env'>, sql: string): string[]
export declare function rowsOf(stdout: string): ShownRow[]
export declare function formatRows(rows: ShownRow[]): string
