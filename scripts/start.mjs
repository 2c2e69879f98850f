// `npm start`: prepare local D1 (migrations + demo seed, both idempotent) and run the gateway with
// the demo origin behind it on http://localhost:${PORT:-8787}. Runs under the project's Node 22.
// GATEHOUSE_STATE_DIR keeps local D1/KV in another directory than .wrangler/state (the browser
// test runs on a fresh one, so it never touches a person's local data).
import { spawnSync, spawn } from 'node:child_process'

const port = process.env.PORT ?? '8787'
const persist = process.env.GATEHOUSE_STATE_DIR ? ['--persist-to', process.env.GATEHOUSE_STATE_DIR] : []
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

run(['d1', 'migrations', 'apply', 'DB', '--local', ...persist])
run(['d1', 'execute', 'DB', '--local', '--file', 'seed/demo.sql', ...persist])

// One `wrangler dev` session with two configs: the first is the gateway (served), the second the
// demo origin, reached through the gateway's ORIGIN service binding.
const dev = spawn(
  'wrangler',
  [
    'dev', '-c', 'wrangler.toml', '-c', 'demo/origin/wrangler.toml', '--port', port, '--ip', '127.0.0.1', ...persist,
    // The demo storefront page is served on this port, so cookie mode follows it (docs/sessions.md).
    '--var', `COOKIE_ORIGINS:http://localhost:${port}`,
  ],
  { stdio: 'inherit', env },
)
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => dev.kill(signal))
dev.on('exit', (code) => process.exit(code ?? 0))
