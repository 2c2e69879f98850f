// `npm run account:create -- --id N --permissions LIST [--username NAME] [--stores 1,2] [--remote] [--env X]`
// Creates one service account in gatehouse's D1: generates client_id, client_secret (and api_key when
// a username is given), stores only their PBKDF2 hashes through `wrangler d1 execute`, and prints the
// clear values once. The decisions live in lib/service-account.mjs (tested in workerd); this file is
// the process side: flags in, wrangler out, exit codes.
import { spawnSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import {
  OPTIONS, USAGE, UsageError, describeInsertFailure, prepareAccount, validateOptions, wranglerArgs,
} from './lib/service-account.mjs'

const ROOT = fileURLToPath(new URL('..', import.meta.url))
const WRANGLER = fileURLToPath(new URL('../node_modules/.bin/wrangler', import.meta.url))

function readOptions() {
  try {
    const { values } = parseArgs({ options: OPTIONS, strict: true, allowPositionals: false })
    if (values.help) {
      console.log(USAGE)
      process.exit(0)
    }
    return validateOptions(values)
  } catch (err) {
    // parseArgs throws TypeErrors with ERR_PARSE_ARGS_* codes for unknown flags and missing values.
    const isParseError = typeof err?.code === 'string' && err.code.startsWith('ERR_PARSE_ARGS')
    if (!(err instanceof UsageError) && !isParseError) throw err
    console.error(`account:create: ${err.message}\n\n${USAGE}`)
    process.exit(2)
  }
}

const options = readOptions()
const { credentials, sql } = await prepareAccount(options)

// Output is captured: wrangler's chatter would bury the secrets, and is only shown when it failed.
const result = spawnSync(WRANGLER, wranglerArgs(options, sql), {
  cwd: ROOT,
  encoding: 'utf8',
  stdio: ['inherit', 'pipe', 'pipe'],
  env: { ...process.env, CLOUDFLARE_CF_FETCH_ENABLED: 'false', WRANGLER_SEND_METRICS: 'false' },
})
if (result.error || result.status !== 0) {
  const output = `${result.stdout ?? ''}${result.stderr ?? ''}${result.error ? String(result.error) : ''}`
  process.stderr.write(output.endsWith('\n') ? output : `${output}\n`)
  console.error(`account:create: ${describeInsertFailure(output)}`)
  process.exit(1)
}

const where = `${options.remote ? 'remote' : 'local'} D1${options.env ? `, env ${options.env}` : ''}`
const lines = [
  `Service account ${options.id} created (${where}).`,
  '',
  `  client_id:     ${credentials.clientId}`,
  `  client_secret: ${credentials.clientSecret}`,
  ...(options.username === null
    ? ['  (no --username: no api_key; the account logs in with client_credentials only)']
    : [`  username:      ${options.username}`, `  api_key:       ${credentials.apiKey}`]),
  `  permissions:   ${options.permissions.join(', ')}`,
  `  stores:        ${options.allowedStoreIds === null ? 'all' : options.allowedStoreIds.join(', ')}`,
  '',
  'These secrets are shown this once and are not stored anywhere in clear: D1 holds only their',
  'PBKDF2 hashes. Hand them to the client now; a lost secret means a new account.',
]
console.log(lines.join('\n'))
