// A D1 binding with read replicas, as far as a test can make one: local D1 has no replicas, so a
// session's reads of the statements matching `behind` answer as a replica that has not yet
// received those rows would (nothing), while writes and the binding itself reach the one real
// database, as they reach the primary in production. Records the constraint of every session opened.
import { env } from 'cloudflare:workers'
import { wrap } from './gateway-env'

export function replicatedD1(behind: RegExp = /$^/): { DB: D1Database; opened: string[] } {
  const opened: string[] = []
  const DB = wrap(env.DB, {
    withSession: (constraint?: string) => {
      opened.push(constraint ?? '(none)')
      const session = env.DB.withSession(constraint)
      const prepare = (sql: string) => session.prepare(/^select /i.test(sql) && behind.test(sql) ? `select * from (${sql}) where 0` : sql)
      return wrap(session, { prepare })
    },
  })
  return { DB, opened }
}
