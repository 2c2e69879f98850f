// The sync Worker's settings (wrangler.sync.toml), read from its env. Pure: env in, settings or a
// ConfigError out, before anything is opened.
import { ConfigError } from '../core'
import type { SyncBindings } from './d1-target'
import { confirmAgeOf } from './reconfirm'
import { TABLE_PREFIX } from './shop'

export interface SyncWorkerEnv extends SyncBindings {
  /** The Hyperdrive configuration in front of the shop's MySQL/MariaDB database. */
  SHOP_DATABASE?: Hyperdrive
  /** The shop's table prefix, as the CLI's SHOP_TABLE_PREFIX; default none. */
  SHOP_TABLE_PREFIX?: string
  /** The gateway's own SHOP_CONFIRM_AGE_SECONDS (reconfirm.ts); default one day, as the gateway's. */
  SHOP_CONFIRM_AGE_SECONDS?: string
}

export interface SyncWorkerSettings {
  database: Hyperdrive
  tablePrefix: string
  confirmAgeSeconds: number
}

export function syncWorkerSettings(env: SyncWorkerEnv): SyncWorkerSettings {
  if (!env.SHOP_DATABASE) throw new ConfigError('SHOP_DATABASE: no Hyperdrive binding of that name (wrangler.sync.toml [[hyperdrive]])')
  const tablePrefix = env.SHOP_TABLE_PREFIX ?? ''
  if (!TABLE_PREFIX.test(tablePrefix)) throw new ConfigError('SHOP_TABLE_PREFIX: letters, digits and _ only, at most 32')
  const confirmAgeSeconds = confirmAgeOf(env.SHOP_CONFIRM_AGE_SECONDS)
  if (confirmAgeSeconds === undefined) throw new ConfigError('SHOP_CONFIRM_AGE_SECONDS: a whole number of seconds')
  return { database: env.SHOP_DATABASE, tablePrefix, confirmAgeSeconds }
}

/** The Hyperdrive's connection as the URL mysql2 reads (its own string carries an ssl-mode mysql2 does not know). */
export function databaseUrl(h: Pick<Hyperdrive, 'user' | 'password' | 'host' | 'port' | 'database'>): string {
  const e = encodeURIComponent
  return `mysql://${e(h.user)}:${e(h.password)}@${h.host}:${h.port}/${e(h.database)}`
}
