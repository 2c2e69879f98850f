// `npm run sync -- (--local | --remote) [options]`: copies the shop's customers and api users from
// its MySQL/MariaDB database into gatehouse's D1 (docs/sync.md). This file is the process side:
// flags in, report out, exit code.
import { exitCode } from './sync/errors'
import { parseOptions, UsageError, USAGE, type SyncOptions } from './sync/options'
import { formatReport } from './sync/report'
import { runSync } from './sync/run'

let options: SyncOptions
try {
  options = parseOptions(process.argv.slice(2), process.env)
} catch (err) {
  if (!(err instanceof UsageError)) throw err
  process.stderr.write(`sync: ${err.message}\n\n${USAGE}\n`)
  process.exit(2)
}
if (options.help) {
  process.stdout.write(`${USAGE}\n`)
  process.exit(0)
}

const { report, failure, unexpected } = await runSync(options, { env: process.env, stderr: process.stderr })
process.stdout.write(`${options.json ? JSON.stringify(report, null, 2) : formatReport(report)}\n`)
if (report.error) process.stderr.write(`sync: ${report.error}\n`)
if (failure === 'partial') process.stderr.write('sync: stopped part-way; run the same command again to resume after the last batch written\n')
process.exit(failure ? exitCode(failure) : unexpected ? 1 : 0)
