// `npm start`: prepare local D1 (migrations + demo seed, both idempotent) and run the gateway with
// the demo origin behind it on http://localhost:${PORT:-8787}. Runs under the project's Node 22.
import { spawnSync, spawn } from 'node:child_process'

const port = process.env.PORT ?? '8787'
const env = {
  ...process.env,
  CLOUDFLARE_CF_FETCH_ENABLED: 'false',
  WRANGLER_SEND_METRICS: 'false',
}

function run(args) {
  const result = spawnSync('wrangler', args, { stdio: 'inherit', env })
  if (result.status !== 0) {
    console.error(`gatehouse: \`wrangler ${args.join(' ')}\` failed`)
    process.exit(result.status ?? 1)
  }
}

run(['d1', 'migrations', 'apply', 'DB', '--local'])
run(['d1', 'execute', 'DB', '--local', '--file', 'seed/demo.sql'])

// One `wrangler dev` session with two configs: the first is the gateway (served), the second the
// demo origin, reached through the gateway's ORIGIN service binding.
const dev = spawn(
  'wrangler',
  ['dev', '-c', 'wrangler.toml', '-c', 'demo/origin/wrangler.toml', '--port', port, '--ip', '127.0.0.1'],
  { stdio: 'inherit', env },
)
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => dev.kill(signal))
dev.on('exit', (code) => process.exit(code ?? 0))
