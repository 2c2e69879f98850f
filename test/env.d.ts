// Types for the test runtime: the Worker's own Env plus the test-only bindings that
// vitest.config.ts adds, and the main module behind `exports.default`.
import type { D1Migration } from 'cloudflare:test'
import type { Env as GatehouseEnv } from '../src/core/env'

declare global {
  namespace Cloudflare {
    interface Env extends GatehouseEnv {
      TEST_MIGRATIONS: D1Migration[]
      TEST_SEED_SQL: string
    }
    interface GlobalProps {
      mainModule: typeof import('../src/index')
    }
  }
}
