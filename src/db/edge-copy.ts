import { count, desc, eq, max, min } from 'drizzle-orm'
import { orm, query } from './client'
import { customers, securityEvents, serviceAccounts } from './schema'

/** The last `sync_run` event: when, and what its detail says (mode, counts, failed). */
export type LastSync = { at: number } & Record<string, string | number | boolean | null>

/**
 * How big and how fresh the edge copy is: rows per table, the newest and oldest `confirmed_at`
 * over both tables (seconds; rows never confirmed by the shop are left out, null when no row was),
 * and the last sync run, null when none is in the trail.
 */
export interface EdgeCopyFigures {
  customers: number
  serviceAccounts: number
  newestConfirmedAt: number | null
  oldestConfirmedAt: number | null
  lastSync: LastSync | null
}

/** Reads the edge copy's figures from the primary in one D1 batch. */
export async function edgeCopyFigures(d1: D1Database): Promise<EdgeCopyFigures> {
  const db = orm(d1)
  const c = customers
  const a = serviceAccounts
  const lastSync = db
    .select({ at: securityEvents.at, detail: securityEvents.detail })
    .from(securityEvents)
    .where(eq(securityEvents.kind, 'sync_run'))
    .orderBy(desc(securityEvents.at), desc(securityEvents.id))
    .limit(1)
  const [[cs], [sa], [sync]] = await query(() =>
    db.batch([
      db.select({ rows: count(), newest: max(c.confirmedAt), oldest: min(c.confirmedAt) }).from(c),
      db.select({ rows: count(), newest: max(a.confirmedAt), oldest: min(a.confirmedAt) }).from(a),
      lastSync,
    ]),
  )
  return {
    customers: cs?.rows ?? 0,
    serviceAccounts: sa?.rows ?? 0,
    newestConfirmedAt: extreme(Math.max, cs?.newest, sa?.newest),
    oldestConfirmedAt: extreme(Math.min, cs?.oldest, sa?.oldest),
    lastSync: sync ? { ...sync.detail, at: sync.at } : null,
  }
}

function extreme(pick: (...values: number[]) => number, ...values: (number | null | undefined)[]): number | null {
  const known = values.filter((v): v is number => typeof v === 'number')
  return known.length === 0 ? null : pick(...known)
}
