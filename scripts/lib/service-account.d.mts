// Types of service-account.mjs, for the workerd test (tsconfig.json) and the scripts (tsconfig.node.json).

export interface RawOptions {
  id?: string
  username?: string
  permissions?: string
  stores?: string
  remote?: boolean
  env?: string
  help?: boolean
}

export interface AccountOptions {
  id: number
  username: string | null
  permissions: string[]
  allowedStoreIds: number[] | null
  remote: boolean
  env: string | null
}

export interface Credentials {
  clientId: string
  clientSecret: string
  /** Null when the account has no username (the api_user grant needs one). */
  apiKey: string | null
}

export interface AccountRow {
  id: number
  username: string | null
  apiKeyHash: string | null
  clientId: string
  clientSecretHash: string
  permissions: string[]
  allowedStoreIds: number[] | null
}

export declare const OPTIONS: Readonly<Record<keyof RawOptions, { type: 'string' | 'boolean'; short?: string }>>
export declare const USAGE: string
export declare class UsageError extends Error {}
export declare const PBKDF2_PREFIX: string
export declare const PBKDF2_ITERATIONS: number

export declare function validateOptions(values: RawOptions): AccountOptions
export declare function parsePermissions(text: string): string[]
export declare function parseStoreIds(text: string): number[]
export declare function generateCredentials(withApiKey: boolean): Credentials
export declare function formatPbkdf2Hash(salt: Uint8Array, hash: Uint8Array): string
export declare function hashSecret(secret: string, salt?: Uint8Array): Promise<string>
export declare function buildInsertSql(row: AccountRow): string
export declare function sqlText(value: string): string
export declare function wranglerArgs(options: Pick<AccountOptions, 'remote' | 'env'>, sql: string): string[]
export declare function describeInsertFailure(output: string): string
export declare function prepareAccount(options: AccountOptions): Promise<{ credentials: Credentials; row: AccountRow; sql: string }>
