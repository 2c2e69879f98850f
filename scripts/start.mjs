// `npm start`: prepare local D1 (migrations + demo seed, both idempotent) and run the gateway with
// the demo origin behind it on http://localhost:${PORT:-8787}. Runs under the project's Node 22.
// GATEHOUSE_STATE_DIR keeps local D1/KV in another directory than .wrangler/state (the browser
// test runs on a fresh one, so it never touches a person's local data). INSPECTOR_PORT sets
// wrangler's inspector port: wrangler takes the first free one from 9229 at start, so two stacks
// starting at once (a browser test beside `npm start` or another test run) could both pick 9229.
import { spawn, spawnSync } from 'node:child_process'
import { writeFileSync } from 'node:fs'
import { experimental_readRawConfig } from 'wrangler'
import { localGatewayVars, localShopVars } from './lib/local-config.mjs'

const port = process.env.PORT ?? '8787'
const persist = process.env.GATEHOUSE_STATE_DIR ? ['--persist-to', process.env.GATEHOUSE_STATE_DIR] : []
const inspector = process.env.INSPECTOR_PORT ? ['--inspector-port', process.env.INSPECTOR_PORT] : []
const env = {
  ...process.env,
  CLOUDFLARE_CF_FETCH_ENABLED: 'false',
  WRANGLER_SEND_METRICS: 'false',
}
// Generated on every start, never edited (and git-ignored). Each sits beside the wrangler.toml it is
// made from, so that every relative path in it (main, migrations, rules, .dev.vars, .wrangler/state)
// means the same.
const LOCAL_CONFIG = 'wrangler.local.json'
const LOCAL_SHOP_CONFIG = 'demo/origin/wrangler.local.json'

// Quiet unless it fails: with no terminal on stdin wrangler applies the migrations without asking
// "continue? (Y/n)", and its tables of applied migrations and seed statements stay out of the way.
function run(args) {
  const result = spawnSync('wrangler', args, { stdio: ['ignore', 'pipe', 'pipe'], env, encoding: 'utf8' })
  if (result.status !== 0) {
    process.stderr.write(`${result.stdout ?? ''}${result.stderr ?? ''}`)
    console.error(`gatehouse: \`wrangler ${args.join(' ')}\` failed`)
    process.exit(result.status ?? 1)
  }
  return result.stdout ?? ''
}

const migrated = run(['d1', 'migrations', 'apply', 'DB', '--local', ...persist])
run(['d1', 'execute', 'DB', '--local', '--file', 'seed/demo.sql', ...persist])
const applied = /About to apply (\d+) migration/.exec(migrated)?.[1]
console.log(`gatehouse: local D1 ready (${applied ? `${applied} migration(s) applied` : 'migrations up to date'}, demo data seeded)`)

// DEV_RATE_LIMIT=<n>: every per-minute limit of the local run at least n (every local request comes
// from 127.0.0.1, so 10 logins a minute are soon spent while developing). Production is untouched:
// only the generated local config changes.
const devLimit = process.env.DEV_RATE_LIMIT
if (devLimit !== undefined && !/^[1-9][0-9]{0,5}$/.test(devLimit)) {
  console.error('gatehouse: DEV_RATE_LIMIT must be a whole number of requests per minute, 1 to 999999')
  process.exit(2)
}

// wrangler.toml's top level plus what only a local run has: the demo origin bound as ORIGIN (kept
// out of wrangler.toml, where a top-level service binding that [env.production] lacks makes every
// deploy warn), and the issuer, CORS and cookie origins of PORT: the demo storefront page and the
// discovery documents are served on this port (docs/sessions.md, docs/oauth.md).
const { rawConfig } = experimental_readRawConfig({ config: 'wrangler.toml' })
const { env: _environments, ...topLevel } = rawConfig
const local = {
  ...topLevel,
  vars: { ...localGatewayVars(topLevel.vars, port), ...(devLimit ? { DEV_RATE_LIMIT: devLimit } : {}) },
  services: [
    { binding: 'ORIGIN', service: 'gatehouse-demo-origin' },
    // The demo Pwned Passwords range service (demo/services), so breach checks work offline.
    { binding: 'PWNED_PASSWORDS', service: 'gatehouse-demo-services' },
    // The demo Turnstile verifier, used once TURNSTILE_ORIGINS lists an origin (docs/security.md, "Bots").
    { binding: 'TURNSTILE', service: 'gatehouse-demo-services' },
  ],
  ratelimits: (topLevel.ratelimits ?? []).map((limiter) =>
    devLimit ? { ...limiter, simple: { ...limiter.simple, limit: Math.max(limiter.simple.limit, Number(devLimit)) } } : limiter,
  ),
}
writeFileSync(LOCAL_CONFIG, `${JSON.stringify(local, null, 2)}\n`)
// The demo shop shares the gateway's issuer, as a shop and its gateway share their JWT settings.
const { rawConfig: shopConfig } = experimental_readRawConfig({ config: 'demo/origin/wrangler.toml' })
writeFileSync(LOCAL_SHOP_CONFIG, `${JSON.stringify({ ...shopConfig, vars: localShopVars(shopConfig.vars, port) }, null, 2)}\n`)

// One `wrangler dev` session with three configs: the first is the gateway (served), then the demo
// origin and the demo third-party services, reached through the gateway's service bindings.
const dev = spawn(
  'wrangler',
  ['dev', '-c', LOCAL_CONFIG, '-c', LOCAL_SHOP_CONFIG, '-c', 'demo/services/wrangler.toml', '--port', port, '--ip', '127.0.0.1', ...inspector, ...persist],
  { stdio: 'inherit', env },
)
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => dev.kill(signal))
dev.on('exit', (code) => process.exit(code ?? 0))

// Once it answers, one short banner with where everything is (wrangler's own lines come before it).
const base = `http://localhost:${port}`
async function announce() {
  for (let tries = 0; tries < 240; tries += 1) {
    try {
      if ((await fetch(`http://127.0.0.1:${port}/api/rest/v2/auth/health`)).status < 500) break
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 500))
  }
  const lines = [
    '',
    `gatehouse is ready: ${base}/ links everything below`,
    `  API              ${base}/api/rest/v2/  (tokens: POST ${base}/api/rest/v2/auth/token)`,
    `  demo storefront  ${base}/demo/storefront`,
    `  operator page    ${base}/ops/`,
    `  health           ${base}/api/rest/v2/auth/health`,
    `  OpenAPI          ${base}/api/rest/v2/auth/openapi.json`,
    `  Every answer carries X-Request-Id: its log line is below, its security events at /auth/events.`,
    devLimit
      ? `  Local rate limits raised to ${devLimit} per minute (DEV_RATE_LIMIT).`
      : `  Local rate limits as in production (10 logins per minute per IP); DEV_RATE_LIMIT=1000 npm start raises them.`,
    '',
  ]
  console.log(lines.join('\n'))
}
void announce()
