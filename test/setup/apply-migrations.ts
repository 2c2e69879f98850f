import { applyD1Migrations } from 'cloudflare:test'
import { env } from 'cloudflare:workers'
import { flushRefusals } from '../../src/events'

// Runs before each test file. Files share a workerd (vitest.config.ts: isolate off), so each file
// first empties what the files before it wrote (every row of D1, every KV key) and then starts
// from the migrated schema plus the demo seed, exactly what `npm start` gives a person.
await applyD1Migrations(env.DB, env.TEST_MIGRATIONS)
// The isolate's refusal counts (src/events/refusals.ts) outlive a file too, stamped at whatever
// time an earlier file's fake timers said: written out here, so the emptying below takes them.
await flushRefusals(env.DB, undefined, Date.now())
const { results: tables } = await env.DB.prepare(
  "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '_cf_%' AND name <> 'd1_migrations'",
).all<{ name: string }>()
// Children and parents alike: foreign keys are checked once, at the end of the batch.
await env.DB.batch([env.DB.prepare('PRAGMA defer_foreign_keys = on'), ...tables.map(({ name }) => env.DB.prepare(`DELETE FROM "${name}"`))])
for (let cursor: string | undefined; ; ) {
  const page: KVNamespaceListResult<unknown> = await env.REVOKED.list({ cursor })
  await Promise.all(page.keys.map(({ name }) => env.REVOKED.delete(name)))
  if (page.list_complete) break
  cursor = page.cursor
}
await env.DB.exec(env.TEST_SEED_SQL.replace(/^--.*$/gm, '').replace(/\n\s*/g, ' '))
