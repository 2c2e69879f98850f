// The parts of `npm run account:show` / `account:forget` that do not touch the process or
// wrangler: flag checks, the SQL, reading wrangler's JSON and printing rows. Plain ESM on web APIs
// only, so the same code runs under Node 22 in the script and inside workerd in
// test/service-account-copy.test.ts. Types: service-account-copy.d.mts.
//
// Service accounts are the shop's (its admin creates API users); gatehouse only keeps an edge copy,
// learnt at login and by `npm run sync`. These commands show that copy and drop it; neither makes
// an account the shop does not have.

/** The flags, in node:util parseArgs' shape (workerd has no parseArgs, so the script parses). */
export const OPTIONS = Object.freeze({
  id: { type: 'string' },
  username: { type: 'string' },
  'client-id': { type: 'string' },
  remote: { type: 'boolean' },
  env: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
})

export const USAGE = `Usage: npm run account:show -- [--id N | --username NAME | --client-id maho_…] [--remote] [--env NAME]
       npm run account:forget -- (--id N | --username NAME | --client-id maho_…) [--remote] [--env NAME]

  account:show     lists the edge copies of service accounts (all, or the one named); never a hash
  account:forget   deletes one edge copy: its next login asks the shop, which answers for it again
  --id N           the shop's api user id
  --username NAME  the api user's username
  --client-id ID   the api user's client_id (maho_ + 32 hex)
  --remote         the deployed D1 (default: the local one used by npm start)
  --env NAME       wrangler environment, e.g. production`

/** A bad flag: the script prints the message and the usage and exits 2. */
export class UsageError extends Error {
  name = 'UsageError'
}

const ID = /^[1-9][0-9]{0,15}$/
// The shop's usernames are free text; these characters need no quoting in SQL, a shell or a log.
const USERNAME = /^[A-Za-z0-9][A-Za-z0-9._@-]{0,63}$/
const CLIENT_ID = /^maho_[0-9a-f]{32}$/
const ENV_NAME = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/

/**
 * Checks the raw flag values and returns `{ command, which, remote, env }`; `which` is null for
 * `show` without a name (every account). `forget` needs exactly one name; `show` at most one.
 * @throws UsageError naming the first bad flag.
 */
export function validateOptions(command, values) {
  if (command !== 'show' && command !== 'forget') throw new UsageError(`unknown command "${command}" (show or forget)`)
  const named = ['id', 'username', 'client-id'].filter((flag) => values[flag] !== undefined)
  if (named.length > 1) throw new UsageError(`name the account once: --${named.join(' and --')} given`)
  if (command === 'forget' && named.length === 0) throw new UsageError('needs --id, --username or --client-id')
  if (values.env !== undefined && !ENV_NAME.test(values.env)) throw new UsageError(`--env "${values.env}" is not an environment name`)
  return { command, which: parseWhich(values), remote: values.remote === true, env: values.env ?? null }
}

function parseWhich(values) {
  if (values.id !== undefined) {
    if (!ID.test(values.id) || !Number.isSafeInteger(Number(values.id))) throw new UsageError(`--id "${values.id}" is not a positive integer`)
    return { column: 'id', value: Number(values.id) }
  }
  if (values.username !== undefined) {
    if (!USERNAME.test(values.username)) throw new UsageError(`--username "${values.username}" is not a username this tool accepts (letters, digits, . _ @ -)`)
    return { column: 'username', value: values.username }
  }
  if (values['client-id'] !== undefined) {
    if (!CLIENT_ID.test(values['client-id'])) throw new UsageError(`--client-id "${values['client-id']}" is not maho_ + 32 lowercase hex`)
    return { column: 'client_id', value: values['client-id'] }
  }
  return null
}

// Every column but the hashes: the copy's hashes never leave D1.
const SHOWN =
  'id, username, client_id, is_active, permissions, allowed_store_ids, confirmed_at, ' +
  'shop_api_key_hash IS NOT NULL AS shop_api_key_known, shop_client_secret_hash IS NOT NULL AS shop_client_secret_known'

/** The SELECT of `account:show`. */
export function showSql(which) {
  return `SELECT ${SHOWN} FROM service_accounts${where(which)} ORDER BY id`
}

/** The DELETE of `account:forget`; RETURNING says whether there was a copy to forget. */
export function forgetSql(which) {
  if (which === null) throw new Error('forget needs an account')
  return `DELETE FROM service_accounts${where(which)} RETURNING id`
}

function where(which) {
  if (which === null) return ''
  const value = which.column === 'id' ? String(which.value) : sqlText(which.value)
  return ` WHERE ${which.column} = ${value}`
}

/**
 * A single-quoted SQL string. Values were validated before, so anything that would need escaping
 * is a bug and is refused rather than escaped.
 */
export function sqlText(value) {
  if (typeof value !== 'string' || !/^[\x20-\x7e]*$/.test(value) || /[';\\]/.test(value)) {
    throw new Error(`refusing to put ${JSON.stringify(value)} into SQL`)
  }
  return `'${value}'`
}

/** `wrangler d1 execute DB --local|--remote [--env X] --json --command <sql>` as an argument list (no shell). */
export function wranglerArgs(options, sql) {
  return ['d1', 'execute', 'DB', options.remote ? '--remote' : '--local', ...(options.env ? ['--env', options.env] : []), '--json', '--command', sql]
}

/** The rows of the one statement in `wrangler d1 execute --json` output (`[{results, success, meta}]`). */
export function rowsOf(stdout) {
  const parsed = JSON.parse(stdout)
  const first = Array.isArray(parsed) ? parsed[0] : undefined
  if (!first || !Array.isArray(first.results)) throw new Error('wrangler printed no results')
  return first.results
}

/** A few lines per account, as `account:show` prints them. */
export function formatRows(rows) {
  if (rows.length === 0) return 'No service account copies at the edge (the shop answers for every one at its next login).'
  return rows.map(formatRow).join('\n\n')
}

function formatRow(row) {
  const stores = row.allowed_store_ids === null ? 'all' : JSON.parse(row.allowed_store_ids).join(', ')
  const confirmed = row.confirmed_at === null ? 'never (its next login asks the shop first)' : new Date(row.confirmed_at * 1000).toISOString()
  const shopHashes = [row.shop_api_key_known ? 'api_key' : null, row.shop_client_secret_known ? 'client_secret' : null].filter(Boolean)
  return [
    `id ${row.id}${row.is_active ? '' : ' (inactive)'}`,
    `  username:     ${row.username ?? '-'}`,
    `  client_id:    ${row.client_id ?? '-'}`,
    `  permissions:  ${JSON.parse(row.permissions).join(', ') || '-'}`,
    `  stores:       ${stores}`,
    `  confirmed:    ${confirmed}`,
    `  shop hashes:  ${shopHashes.length > 0 ? shopHashes.join(', ') : 'none (learnt at a login)'}`,
  ].join('\n')
}
