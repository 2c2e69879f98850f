// The parts of `npm run account:create` that do not touch the process or wrangler: option checks,
// credential generation, gatehouse's PBKDF2 hash string, the INSERT statement and the wrangler
// arguments. Plain ESM on web APIs only (crypto.subtle, btoa), so the same code runs under Node 22
// in the script and inside workerd in test/service-account-script.test.ts. Types: service-account.d.mts.

/** The flags, in node:util parseArgs' shape (workerd has no parseArgs, so the script parses). */
export const OPTIONS = Object.freeze({
  id: { type: 'string' },
  username: { type: 'string' },
  permissions: { type: 'string' },
  stores: { type: 'string' },
  remote: { type: 'boolean' },
  env: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
})

export const USAGE = `Usage: npm run account:create -- --id N --permissions LIST [--username NAME] [--stores 1,2] [--remote] [--env NAME]

  --id N               the shop's api user id (positive integer); becomes the token's api_user_id
  --permissions LIST   comma-separated: all, RESOURCE/all or RESOURCE/VERB (verbs: read, create, write, delete)
  --username NAME      enables the api_user grant (username + api_key); without it only client_credentials
  --stores 1,2         limit the account to these store ids (allowed_store_ids); default every store
  --remote             write to the deployed D1 (default: the local one used by npm start)
  --env NAME           wrangler environment, e.g. production`

/** A bad flag: the script prints the message and the usage and exits 2. */
export class UsageError extends Error {
  name = 'UsageError'
}

// Same resource/verb spelling as the route table's PERMISSION column (src/policy/parse-route-table.ts),
// with the verbs the shop grants (shop-auth-facts.md "Permissions") plus `all`.
const PERMISSION = /^([a-z][a-z0-9_-]*)\/([a-z][a-z0-9_-]*)$/
const VERBS = ['read', 'create', 'write', 'delete', 'all']
const ID = /^[1-9][0-9]{0,15}$/
const STORE_ID = /^(?:0|[1-9][0-9]{0,9})$/
// Letters, digits and . _ @ - only: nothing that needs quoting in SQL, a shell or a log line.
const USERNAME = /^[A-Za-z0-9][A-Za-z0-9._@-]{0,63}$/
const ENV_NAME = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/

/** gatehouse's own hash format (src/auth/passwords/format.ts), written exactly as pbkdf2.ts writes it. */
export const PBKDF2_PREFIX = '$pbkdf2-sha256$'
export const PBKDF2_ITERATIONS = 100_000
const SALT_BYTES = 16
const HASH_BYTES = 32
const SECRET_BYTES = 32

/**
 * Checks the raw flag values (strings as parseArgs gives them) and returns the account to create.
 * @throws UsageError naming the first bad flag.
 */
export function validateOptions(values) {
  const id = parseId(values.id)
  const username = values.username === undefined ? null : parseUsername(values.username)
  if (values.permissions === undefined) throw new UsageError('--permissions is required (e.g. --permissions products/all,categories/read)')
  const permissions = parsePermissions(values.permissions)
  const allowedStoreIds = values.stores === undefined ? null : parseStoreIds(values.stores)
  if (values.env !== undefined && !ENV_NAME.test(values.env)) throw new UsageError(`--env "${values.env}" is not an environment name`)
  return { id, username, permissions, allowedStoreIds, remote: values.remote === true, env: values.env ?? null }
}

function parseId(text) {
  if (text === undefined) throw new UsageError("--id is required (the shop's api user id)")
  if (!ID.test(text) || !Number.isSafeInteger(Number(text))) throw new UsageError(`--id "${text}" is not a positive integer`)
  return Number(text)
}

function parseUsername(text) {
  if (!USERNAME.test(text)) {
    throw new UsageError(`--username "${text}" is not allowed: 1-64 letters, digits, . _ @ - starting with a letter or digit`)
  }
  return text
}

/** `all`, `resource/all` or `resource/verb`, comma-separated, each once. */
export function parsePermissions(text) {
  const list = text.split(',')
  const seen = new Set()
  for (const permission of list) {
    if (permission === '') throw new UsageError('--permissions has an empty entry (stray comma?)')
    if (permission !== 'all') {
      const match = PERMISSION.exec(permission)
      if (!match) throw new UsageError(`--permissions: bad permission "${permission}" (expected all, resource/all or resource/verb)`)
      if (!VERBS.includes(match[2])) throw new UsageError(`--permissions: unknown verb "${match[2]}" in "${permission}" (expected ${VERBS.join(', ')})`)
    }
    if (seen.has(permission)) throw new UsageError(`--permissions lists "${permission}" twice`)
    seen.add(permission)
  }
  return list
}

/** Comma-separated store ids (0 is the shop's admin store), each once. */
export function parseStoreIds(text) {
  const ids = []
  for (const part of text.split(',')) {
    if (!STORE_ID.test(part)) throw new UsageError(`--stores: "${part}" is not a store id (non-negative integer)`)
    const id = Number(part)
    if (ids.includes(id)) throw new UsageError(`--stores lists ${id} twice`)
    ids.push(id)
  }
  return ids
}

/**
 * Fresh credentials: a client_id in the shop's format (`maho_` + 32 lowercase hex) and 32 random
 * bytes each of client_secret and api_key, base64url. No username, no api_key: it could never be used.
 */
export function generateCredentials(withApiKey) {
  return {
    clientId: `maho_${toHex(randomBytes(16))}`,
    clientSecret: toBase64Url(randomBytes(SECRET_BYTES)),
    apiKey: withApiKey ? toBase64Url(randomBytes(SECRET_BYTES)) : null,
  }
}

/** `$pbkdf2-sha256$i=100000$<salt>$<hash>`, both unpadded standard base64 (as encoding.ts writes). */
export function formatPbkdf2Hash(salt, hash) {
  if (salt.length !== SALT_BYTES || hash.length !== HASH_BYTES) throw new Error('pbkdf2: salt must be 16 bytes and hash 32')
  return `${PBKDF2_PREFIX}i=${PBKDF2_ITERATIONS}$${toBase64(salt)}$${toBase64(hash)}`
}

/** PBKDF2-HMAC-SHA256 of the secret with a random (or the given) 16-byte salt, formatted. */
export async function hashSecret(secret, salt = randomBytes(SALT_BYTES)) {
  const key = await crypto.subtle.importKey('raw', new TextEncoder().encode(secret), 'PBKDF2', false, ['deriveBits'])
  const bits = await crypto.subtle.deriveBits({ name: 'PBKDF2', hash: 'SHA-256', salt, iterations: PBKDF2_ITERATIONS }, key, HASH_BYTES * 8)
  return formatPbkdf2Hash(salt, new Uint8Array(bits))
}

/** The one INSERT of the account row; every text value goes through sqlText. */
export function buildInsertSql(row) {
  if (!Number.isSafeInteger(row.id) || row.id < 1) throw new Error(`bad id ${row.id}`)
  const values = [
    String(row.id),
    row.username === null ? 'NULL' : sqlText(row.username),
    row.apiKeyHash === null ? 'NULL' : sqlText(row.apiKeyHash),
    sqlText(row.clientId),
    sqlText(row.clientSecretHash),
    '1',
    row.allowedStoreIds === null ? 'NULL' : sqlText(JSON.stringify(row.allowedStoreIds)),
    sqlText(JSON.stringify(row.permissions)),
    // The operator vouches for the account: without a confirmation time every login would be
    // asked of the shop first (docs/credentials.md).
    'unixepoch()',
  ]
  return (
    'INSERT INTO service_accounts (id, username, api_key_hash, client_id, client_secret_hash, is_active, allowed_store_ids, permissions, confirmed_at) ' +
    `VALUES (${values.join(', ')})`
  )
}

/**
 * A single-quoted SQL string. Every value was validated before, so anything that would need
 * escaping (a quote, `;` that wrangler splits statements on, control or non-ASCII characters) is a
 * bug and is refused rather than escaped.
 */
export function sqlText(value) {
  if (typeof value !== 'string' || !/^[\x20-\x7e]*$/.test(value) || /[';\\]/.test(value)) {
    throw new Error(`refusing to put ${JSON.stringify(value)} into SQL`)
  }
  return `'${value}'`
}

/** `wrangler d1 execute DB --local|--remote [--env X] --command <sql>` as an argument list (no shell). */
export function wranglerArgs(options, sql) {
  return [
    'd1', 'execute', 'DB',
    options.remote ? '--remote' : '--local',
    ...(options.env ? ['--env', options.env] : []),
    '--command', sql,
  ]
}

/** What went wrong with a failed insert, from wrangler's or D1's error text, in operator words. */
export function describeInsertFailure(output) {
  const unique = /UNIQUE constraint failed: service_accounts\.(id|username|client_id)/.exec(output)
  if (unique) {
    const what = { id: 'this --id', username: 'this --username', client_id: 'the generated client_id (run again)' }[unique[1]]
    return `a service account with ${what} already exists; nothing was written`
  }
  if (/no such table: service_accounts/.test(output)) {
    return 'the database has no service_accounts table: apply the migrations first (npm run db:migrate:local, or npm run deploy)'
  }
  return 'the insert failed; nothing was written (wrangler output above)'
}

function randomBytes(count) {
  return crypto.getRandomValues(new Uint8Array(count))
}

function toHex(bytes) {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')
}

function toBase64(bytes) {
  let binary = ''
  for (const byte of bytes) binary += String.fromCharCode(byte)
  return btoa(binary).replace(/=+$/, '')
}

function toBase64Url(bytes) {
  return toBase64(bytes).replaceAll('+', '-').replaceAll('/', '_')
}

/**
 * Everything the script does between validated flags and wrangler: fresh credentials, their
 * PBKDF2 hashes, and the INSERT that stores the hashes (never the clear values).
 * @param {import('./service-account.d.mts').AccountOptions} options
 */
export async function prepareAccount(options) {
  const credentials = generateCredentials(options.username !== null)
  const row = {
    id: options.id,
    username: options.username,
    apiKeyHash: credentials.apiKey === null ? null : await hashSecret(credentials.apiKey),
    clientId: credentials.clientId,
    clientSecretHash: await hashSecret(credentials.clientSecret),
    permissions: options.permissions,
    allowedStoreIds: options.allowedStoreIds,
  }
  return { credentials, row, sql: buildInsertSql(row) }
}
