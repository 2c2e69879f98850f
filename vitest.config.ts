import { readFile } from 'node:fs/promises'
import { cloudflareTest, readD1Migrations } from '@cloudflare/vitest-plugin'
import { configDefaults, defineConfig } from 'vitest/config'

// wrangler reads .dev.vars for every test file (each runs in its own workerd isolate) and says so
// each time at its default "log" level; warnings and errors still show.
process.env.WRANGLER_LOG ??= 'warn'

// Files that log in as the seeded demo accounts (the README's demo credentials) through the token
// endpoint. The rate limiters count per identity and minute and cannot be emptied between files,
// so these run each in a workerd of their own, as every file once did (about 1 s more each).
const SEEDED_LOGINS = [
  'test/auth-faults.test.ts',
  'test/auth-logs.test.ts',
  'test/auth-shop-fallback.test.ts',
  'test/auth-token-contract.test.ts',
  'test/auth-token.test.ts',
  'test/breached-passwords.test.ts',
  'test/demo-shop/**/*.test.ts',
  'test/doors/revocation-reaches-shop.test.ts',
  'test/events/trail.test.ts',
  'test/gateway/request-log.test.ts',
  'test/gateway/social-auth.test.ts',
  'test/hostile-auth-bodies.test.ts',
  'test/lockout-burst.test.ts',
  'test/oauth-openapi.test.ts',
  'test/oauth-scope.test.ts',
  'test/oauth-token.test.ts',
  'test/second-factor/**/*.test.ts',
]

export default defineConfig({
  plugins: [
    cloudflareTest(async () => ({
      wrangler: { configPath: './wrangler.toml' },
      miniflare: {
        bindings: {
          TEST_MIGRATIONS: await readD1Migrations('./migrations'),
          TEST_SEED_SQL: await readFile('./seed/demo.sql', 'utf8'),
        },
        // The shop stand-in, bound as ORIGIN here (as scripts/start.mjs does for `npm start`). Its D1
        // (SHOP_DB) is shared by every test file, as one shop is shared by every client.
        serviceBindings: { ORIGIN: 'gatehouse-demo-origin', PWNED_PASSWORDS: 'gatehouse-demo-services', TURNSTILE: 'gatehouse-demo-services' },
        workers: [
          {
            name: 'gatehouse-demo-origin',
            modules: true,
            scriptPath: './demo/origin/dist/index.js',
            compatibilityDate: '2026-11-01',
            compatibilityFlags: ['nodejs_compat'],
            d1Databases: { SHOP_DB: 'gatehouse-demo-shop' },
          },
          // Stand-ins for the Pwned Passwords range API and Turnstile's siteverify (docs/security.md).
          {
            name: 'gatehouse-demo-services',
            modules: true,
            scriptPath: './demo/services/index.js',
            compatibilityDate: '2026-11-01',
          },
        ],
      },
    })),
  ],
  test: {
    // test/sync needs a MariaDB server and runs in Node: `npm run test:sync` (vitest.sync.config.ts).
    exclude: [...configDefaults.exclude, 'test/sync/**'],
    setupFiles: ['./test/setup/apply-migrations.ts'],
    // vitest's 5 s default is tripped by a loaded 2-core machine: logins hash (bcrypt, PBKDF2) at
    // the gateway and, for the shop fallback, again at the demo shop, each many times slower when
    // workerd shares a core. No test waits on purpose this long; a hang still fails.
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Security-event and request log lines are asserted where they matter; show them only for failures.
    silent: 'passed-only',
    maxWorkers: 2,
    projects: [
      // Every other file shares its vitest worker's workerd with the files before it (one start per
      // worker, not one per file): test/setup/apply-migrations.ts empties D1 and KV before each
      // file, and each test makes its own accounts, IPs and keys.
      { extends: true, test: { name: 'workerd', exclude: [...configDefaults.exclude, 'test/sync/**', 'test/browser/**', ...SEEDED_LOGINS], isolate: false } },
      { extends: true, test: { name: 'workerd-seeded', include: SEEDED_LOGINS } },
    ],
  },
})
