import { defineConfig } from 'vitest/config'

// `npm run test:browser`: the demo storefront in headless Chromium against the local stack
// (`npm start` on a free port, started and stopped by the test). Plain Node, not workerd.
export default defineConfig({
  test: {
    include: ['test/browser/**/*.browser.ts'],
    // wrangler dev's first start bundles two workers and applies migrations: slow on a loaded 2-core machine.
    hookTimeout: 240_000,
    testTimeout: 120_000,
    fileParallelism: false,
  },
})
