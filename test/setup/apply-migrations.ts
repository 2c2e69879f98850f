import { applyD1Migrations } from 'cloudflare:test'
import { env } from 'cloudflare:workers'

// Runs before each test file: storage is isolated per file, so each file starts from the
// migrated schema plus the demo seed, exactly what `npm start` gives a person.
await applyD1Migrations(env.DB, env.TEST_MIGRATIONS)
await env.DB.exec(env.TEST_SEED_SQL.replace(/^--.*$/gm, '').replace(/\n\s*/g, ' '))
