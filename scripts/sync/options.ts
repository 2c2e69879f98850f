// The flags of `npm run sync` and their checks. Pure: argv and env in, options or a UsageError out.
import { parseArgs } from 'node:util'
import { confirmAgeOf, MAX_BATCH_SIZE, TABLE_PREFIX } from '../../src/sync'

export interface SyncOptions {
  target: 'local' | 'remote'
  /** mysql://user:password@host:port/database (never printed). */
  databaseUrl: string
  tablePrefix: string
  /** Ignore the stored watermark and read every customer. */
  full: boolean
  /** Read customers changed at or after this shop timestamp (`YYYY-MM-DD HH:MM:SS`). */
  since: string | null
  dryRun: boolean
  json: boolean
  batchSize: number
  /** The gateway's SHOP_CONFIRM_AGE_SECONDS: copies older than half of it are re-confirmed at the end of a run. */
  confirmAgeSeconds: number
  /** Wrangler config and environment that name the D1 database and the KV namespace. */
  config: string
  env: string | null
  /** Local state directory, as `wrangler dev --persist-to` (default `.wrangler/state`). */
  persistTo: string
  help: boolean
}

export const DATABASE_URL_VARIABLE = 'SHOP_DATABASE_URL'
export const TABLE_PREFIX_VARIABLE = 'SHOP_TABLE_PREFIX'

export const USAGE = `Usage: npm run sync -- (--local | --remote) [options]

  --local                 write the local D1 and KV of npm start (wrangler's .wrangler/state)
  --remote                write the deployed D1 and KV through Cloudflare's API
                          (needs CLOUDFLARE_ACCOUNT_ID and CLOUDFLARE_API_TOKEN)
  --demo                  read a private demo shop database started for this run (the demo
                          accounts in the shop's tables; needs mariadb-server); implies --local
  --database-url URL      the shop's database, mysql://user:password@host:3306/name
                          (default: the ${DATABASE_URL_VARIABLE} environment variable; prefer it, URLs in
                          arguments show up in ps)
  --table-prefix PREFIX   the shop's table prefix (default: ${TABLE_PREFIX_VARIABLE} or none)
  --full                  read every customer again instead of resuming from the stored watermark
  --since TIME            read customers changed at or after TIME, the shop's own clock
                          ("2026-01-31 12:00:00"); does not move the stored watermark back
  --dry-run               read and compare, report what would change, write nothing
  --json                  print the report as JSON on stdout
  --batch-size N          customers per D1 batch, 1-1000 (default 1000)
  --confirm-age SECONDS   the gateway's SHOP_CONFIRM_AGE_SECONDS (default 86400): copies confirmed
                          longer ago than half of it get confirmed_at = the run's start
  --env NAME              wrangler environment whose D1/KV to use (e.g. production)
  --config PATH           wrangler config (default wrangler.toml)
  --persist-to DIR        local state directory, as wrangler dev --persist-to (default .wrangler/state)

Exit codes: 0 done, 2 bad arguments, 3 cannot connect, 4 partial failure (re-run to resume),
5 the shop's tables are not as expected, 6 D1 lacks gatehouse's migrations, 1 anything else.`

/** A bad flag or environment value: printed with the usage, exit code 2. */
export class UsageError extends Error {
  override name = 'UsageError'
}

const FLAGS = {
  local: { type: 'boolean' },
  remote: { type: 'boolean' },
  'database-url': { type: 'string' },
  'table-prefix': { type: 'string' },
  full: { type: 'boolean' },
  since: { type: 'string' },
  'dry-run': { type: 'boolean' },
  json: { type: 'boolean' },
  'batch-size': { type: 'string' },
  'confirm-age': { type: 'string' },
  env: { type: 'string' },
  config: { type: 'string' },
  'persist-to': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const

const SINCE = /^\d{4}-\d{2}-\d{2}(?: \d{2}:\d{2}:\d{2})?$/
const ENV_NAME = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/

/**
 * Reads argv (without node and the script) and env into options.
 * @throws UsageError naming the first bad flag.
 */
export function parseOptions(argv: string[], env: Record<string, string | undefined>): SyncOptions {
  let values: ReturnType<typeof parse>
  try {
    values = parse(argv)
  } catch (err) {
    // node:util parseArgs throws TypeErrors with ERR_PARSE_ARGS_* codes for unknown flags and missing values.
    throw new UsageError(err instanceof Error ? err.message : String(err))
  }
  const help = values.help === true
  if (values.local === values.remote && !help) throw new UsageError('say where to write: --local or --remote (exactly one)')
  const databaseUrl = values['database-url'] ?? env[DATABASE_URL_VARIABLE] ?? ''
  if (!help) checkDatabaseUrl(databaseUrl)
  const tablePrefix = values['table-prefix'] ?? env[TABLE_PREFIX_VARIABLE] ?? ''
  if (!TABLE_PREFIX.test(tablePrefix)) throw new UsageError('--table-prefix may hold only letters, digits and _ (at most 32)')
  const since = values.since ?? null
  if (since !== null && (!SINCE.test(since) || Number.isNaN(Date.parse(`${since.replace(' ', 'T')}Z`)))) {
    throw new UsageError(`--since "${since}" is not a time like "2026-01-31 12:00:00"`)
  }
  if (since !== null && values.full) throw new UsageError('--since and --full exclude each other')
  if (values.env !== undefined && !ENV_NAME.test(values.env)) throw new UsageError(`--env "${values.env}" is not an environment name`)
  return {
    target: values.remote ? 'remote' : 'local',
    databaseUrl,
    tablePrefix,
    full: values.full === true,
    since: since !== null && since.length === 10 ? `${since} 00:00:00` : since,
    dryRun: values['dry-run'] === true,
    json: values.json === true,
    batchSize: parseBatchSize(values['batch-size']),
    confirmAgeSeconds: parseConfirmAge(values['confirm-age']),
    config: values.config ?? 'wrangler.toml',
    env: values.env ?? null,
    persistTo: values['persist-to'] ?? '.wrangler/state',
    help,
  }
}

function parse(argv: string[]) {
  return parseArgs({ args: argv, options: FLAGS, strict: true, allowPositionals: false }).values
}

// The URL is checked for shape only; its text never appears in a message.
function checkDatabaseUrl(url: string): void {
  if (url === '') throw new UsageError(`no shop database: pass --database-url or set ${DATABASE_URL_VARIABLE}`)
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    throw new UsageError('the shop database URL is not a URL (expected mysql://user:password@host:3306/name)')
  }
  if (parsed.protocol !== 'mysql:' && parsed.protocol !== 'mariadb:') {
    throw new UsageError('the shop database URL must start with mysql:// or mariadb://')
  }
  if (parsed.pathname.length <= 1) throw new UsageError('the shop database URL names no database (mysql://user:password@host:3306/name)')
}

function parseBatchSize(text: string | undefined): number {
  if (text === undefined) return MAX_BATCH_SIZE
  const size = Number(text)
  if (!/^[1-9][0-9]*$/.test(text) || size > MAX_BATCH_SIZE) throw new UsageError(`--batch-size "${text}" is not a whole number from 1 to ${MAX_BATCH_SIZE}`)
  return size
}

function parseConfirmAge(text: string | undefined): number {
  const seconds = confirmAgeOf(text)
  if (seconds === undefined) throw new UsageError(`--confirm-age "${text}" is not a whole number of seconds (the gateway's SHOP_CONFIRM_AGE_SECONDS)`)
  return seconds
}
