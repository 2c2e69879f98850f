// `npm run sync -- (--local | --remote) [options]`: copies the shop's customers and api users from
// its MySQL/MariaDB database into gatehouse's D1 (docs/sync.md). This file is the process side:
// flags in, report out, exit code.
import { startDemoShop } from './sync/demo'
import { exitCode } from '../src/sync'
import { parseOptions, UsageError, USAGE, type SyncOptions } from './sync/options'
import { formatReport } from '../src/sync'
import { runSync } from './sync/run'

// --demo: the shop's database is a private demo one started for this run (scripts/sync/demo.ts),
// written to the local D1 of npm start unless --remote says otherwise.
let argv = process.argv.slice(2)
const demo = argv.includes('--demo') ? await startDemo() : undefined
if (demo) argv = [...argv.filter((a) => a !== '--demo'), ...(argv.includes('--remote') ? [] : ['--local']), '--database-url', demo.url]

let options: SyncOptions
try {
  options = parseOptions(argv, process.env)
} catch (err) {
  await demo?.stop()
  if (!(err instanceof UsageError)) throw err
  process.stderr.write(`sync: ${err.message}\n\n${USAGE}\n`)
  process.exit(2)
}
if (options.help) {
  await demo?.stop()
  process.stdout.write(`${USAGE}\n`)
  process.exit(0)
}

const { report, failure, unexpected } = await runSync(options, { env: process.env, stderr: process.stderr })
await demo?.stop()
process.stdout.write(`${options.json ? JSON.stringify(report, null, 2) : formatReport(report)}\n`)
if (report.error) process.stderr.write(`sync: ${report.error}\n`)
if (failure === 'partial') process.stderr.write('sync: stopped part-way; run the same command again to resume after the last batch written\n')
process.exit(failure ? exitCode(failure) : unexpected ? 1 : 0)

async function startDemo() {
  process.stderr.write('sync: starting a private MariaDB with the demo shop database (--demo)\n')
  try {
    return await startDemoShop(process.cwd())
  } catch (err) {
    process.stderr.write(`sync: --demo needs MariaDB's server (Debian: apt-get install mariadb-server): ${err instanceof Error ? err.message : String(err)}\n`)
    process.exit(3)
  }
}
