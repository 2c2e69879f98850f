// `npm run account:show -- [--id N | --username NAME | --client-id ID] [--remote] [--env X]`
// `npm run account:forget -- (--id N | --username NAME | --client-id ID) [--remote] [--env X]`
// Shows or drops gatehouse's edge copy of the shop's service accounts through `wrangler d1 execute`.
// The decisions live in lib/service-account-copy.mjs (tested in workerd); this file is the process
// side: flags in, wrangler out, exit codes.
import { spawnSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { OPTIONS, USAGE, UsageError, forgetSql, formatRows, rowsOf, showSql, validateOptions, wranglerArgs } from './lib/service-account-copy.mjs'

const ROOT = fileURLToPath(new URL('..', import.meta.url))
const WRANGLER = fileURLToPath(new URL('../node_modules/.bin/wrangler', import.meta.url))
const [command, ...args] = process.argv.slice(2)
const name = `account:${command}`

function readOptions() {
  try {
    const { values } = parseArgs({ args, options: OPTIONS, strict: true, allowPositionals: false })
    if (values.help) {
      console.log(USAGE)
      process.exit(0)
    }
    return validateOptions(command, values)
  } catch (err) {
    // parseArgs throws TypeErrors with ERR_PARSE_ARGS_* codes for unknown flags and missing values.
    const isParseError = typeof err?.code === 'string' && err.code.startsWith('ERR_PARSE_ARGS')
    if (!(err instanceof UsageError) && !isParseError) throw err
    console.error(`${name}: ${err.message}\n\n${USAGE}`)
    process.exit(2)
  }
}

const options = readOptions()
const sql = options.command === 'show' ? showSql(options.which) : forgetSql(options.which)
// Output is captured: wrangler's chatter is shown only when it failed.
const result = spawnSync(WRANGLER, wranglerArgs(options, sql), {
  cwd: ROOT,
  encoding: 'utf8',
  stdio: ['inherit', 'pipe', 'pipe'],
  env: { ...process.env, CLOUDFLARE_CF_FETCH_ENABLED: 'false', WRANGLER_SEND_METRICS: 'false' },
})
if (result.error || result.status !== 0) {
  const output = `${result.stdout ?? ''}${result.stderr ?? ''}${result.error ? String(result.error) : ''}`
  process.stderr.write(output.endsWith('\n') ? output : `${output}\n`)
  console.error(`${name}: wrangler failed; nothing was changed by this tool`)
  process.exit(1)
}

const rows = rowsOf(result.stdout)
const where = `${options.remote ? 'remote' : 'local'} D1${options.env ? `, env ${options.env}` : ''}`
if (options.command === 'show') {
  console.log(formatRows(rows))
} else if (rows.length === 0) {
  console.error(`${name}: no edge copy of that service account in the ${where}; nothing to forget`)
  process.exit(1)
} else {
  console.log(`Forgot the edge copy of service account ${rows[0].id} (${where}). Its next login asks the shop.`)
}
