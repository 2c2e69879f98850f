// `npm run test:sync`: the shop-database sync (scripts/sync.ts) against a real MariaDB server that
// test/sync/mariadb.ts starts for the run. Plain Node, not workerd: the CLI is a Node program.
import { defineConfig } from 'vitest/config'

export default defineConfig({
  // The sync shares the gateway's code, which bundles the shop's route tables as Text modules
  // (wrangler.toml [[rules]]); in Node they load as strings the same way.
  plugins: [{ name: 'tsv-as-text', transform: (code, id) => (id.endsWith('.tsv') ? `export default ${JSON.stringify(code)}` : undefined) }],
  test: {
    include: ['test/sync/**/*.test.ts'],
    globalSetup: ['./test/sync/mariadb.ts'],
    environment: 'node',
    testTimeout: 120_000,
    hookTimeout: 120_000,
    // Each file owns a database and a D1 state folder; two at a time is plenty on a small machine.
    maxWorkers: 2,
    // The gateway worker's request log lines are asserted elsewhere; show them only for failures.
    silent: 'passed-only',
  },
})
