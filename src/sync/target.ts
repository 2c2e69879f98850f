// Where the sync writes: gatehouse's D1 (rows) and KV (not-before stamps), local or remote behind
// one small contract, and Drizzle over it so every statement is built from src/db/schema.ts.
import { drizzle, type SqliteRemoteDatabase } from 'drizzle-orm/sqlite-proxy'

/** 1000 customers travel as one JSON parameter of ~300 KB, well inside D1's 2 MB per value. */
export const MAX_BATCH_SIZE = 1000

export interface Statement {
  sql: string
  params: unknown[]
}

/** The D1 database and KV namespace of one gatehouse deployment (or of `npm start`). */
export interface SyncTarget {
  /** Where it writes, for the report: `local D1 (.wrangler/state)` or `remote D1 <id>`. */
  readonly name: string
  /** One read; rows as arrays in column order. */
  query(statement: Statement): Promise<unknown[][]>
  /** The statements in order, as one D1 batch (D1 runs a batch as one transaction). */
  batch(statements: Statement[]): Promise<void>
  /**
   * Writes `nbf:<subject>` = `<seconds>` for each subject, expiring after `ttlSeconds`
   * (docs/storage.md), and resolves once every write was accepted.
   */
  stampSubjects(subjects: readonly string[], seconds: number, ttlSeconds: number): Promise<void>
  close(): Promise<void>
}

export type SyncDb = SqliteRemoteDatabase

/** Drizzle on a target: queries build from the schema's table objects and run through `target`. */
export function targetDb(target: SyncTarget): SyncDb {
  return drizzle(
    async (sql, params, method) => {
      if (method === 'run') {
        await target.batch([{ sql, params }])
        return { rows: [] }
      }
      const rows = await target.query({ sql, params })
      return { rows: method === 'get' ? (rows[0] ?? []) : rows }
    },
    async (queries) => {
      await target.batch(queries.map(({ sql, params }) => ({ sql, params })))
      return queries.map(() => ({ rows: [] }))
    },
  )
}
