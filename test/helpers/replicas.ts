// A D1 binding with read replicas, as far as a test can make one: local D1 has no replicas, so a
// session's reads of the statements matching `behind` answer as a replica that has not yet
// received those rows would (nothing), and reads of a `frozen` table answer from a snapshot of it
// (a replica that still has the rows as they were), while writes and the binding itself reach the
// one real database, as they reach the primary in production. Records the constraint of every
// session opened.
import { env } from 'cloudflare:workers'
import { wrap } from './gateway-env'

export function replicatedD1(behind: RegExp = /$^/, frozen: Readonly<Record<string, string>> = {}): { DB: D1Database; opened: string[] } {
  const opened: string[] = []
  const DB = wrap(env.DB, {
    withSession: (constraint?: string) => {
      opened.push(constraint ?? '(none)')
      const session = env.DB.withSession(constraint)
      const prepare = (sql: string) => session.prepare(/^select /i.test(sql) ? asReplica(sql, behind, frozen) : sql)
      return wrap(session, { prepare })
    },
  })
  return { DB, opened }
}

let snapshots = 0
/**
 * A replica that keeps `tables` as they are now: their rows are copied aside, and the sessions of
 * the returned binding read the copies however the primary changes afterwards.
 */
export async function frozenReplica(tables: readonly string[]): Promise<{ DB: D1Database; opened: string[] }> {
  const frozen: Record<string, string> = {}
  for (const table of tables) {
    snapshots += 1
    const copy = `replica_${table}_${Date.now().toString(36)}_${snapshots}`
    await env.DB.prepare(`create table "${copy}" as select * from "${table}"`).run()
    frozen[table] = copy
  }
  return replicatedD1(undefined, frozen)
}

// Drizzle quotes every table name, also where it qualifies a column (`"customers"."email"`).
function asReplica(sql: string, behind: RegExp, frozen: Readonly<Record<string, string>>): string {
  if (behind.test(sql)) return `select * from (${sql}) where 0`
  return Object.entries(frozen).reduce((read, [table, copy]) => read.replaceAll(`"${table}"`, `"${copy}"`), sql)
}
