import { readFile } from 'node:fs/promises'
import { cloudflareTest, readD1Migrations } from '@cloudflare/vitest-plugin'
import { configDefaults, defineConfig } from 'vitest/config'

// wrangler reads .dev.vars for every test file (each runs in its own workerd isolate) and says so
// each time at its default "log" level; warnings and errors still show.
process.env.WRANGLER_LOG ??= 'warn'

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
  },
})
