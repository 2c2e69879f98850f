import { readFile } from 'node:fs/promises'
import { cloudflareTest, readD1Migrations } from '@cloudflare/vitest-plugin'
import { defineConfig } from 'vitest/config'

export default defineConfig({
  plugins: [
    cloudflareTest(async () => ({
      wrangler: { configPath: './wrangler.toml' },
      miniflare: {
        bindings: {
          TEST_MIGRATIONS: await readD1Migrations('./migrations'),
          TEST_SEED_SQL: await readFile('./seed/demo.sql', 'utf8'),
        },
        // The shop stand-in, bound as ORIGIN through wrangler.toml's [[services]] entry. Its D1
        // (SHOP_DB) is shared by every test file, as one shop is shared by every client.
        workers: [
          {
            name: 'gatehouse-demo-origin',
            modules: true,
            scriptPath: './demo/origin/dist/index.js',
            compatibilityDate: '2026-11-01',
            compatibilityFlags: ['nodejs_compat'],
            d1Databases: { SHOP_DB: 'gatehouse-demo-shop' },
          },
        ],
      },
    })),
  ],
  test: {
    setupFiles: ['./test/setup/apply-migrations.ts'],
    // Security-event and request log lines are asserted where they matter; show them only for failures.
    silent: 'passed-only',
    // Logins hash (bcrypt, PBKDF2) at the gateway and, for the shop fallback, again at the demo shop:
    // a few seconds per test on a loaded 2-core machine is normal, not a hang.
    testTimeout: 30_000,
  },
})
