import { and, asc, eq, gt, gte, or, sql } from 'drizzle-orm'
import { orm, query } from './client'
import { securityEventBursts, securityEvents } from './schema'

export type SecurityEventRow = typeof securityEvents.$inferSelect

/** How many events of one kind one actor may add per minute, and all actors together. */
export const BURST_CAP = { perActor: 20, perKind: 600 } as const

/**
 * Records one security event unless its burst is over the cap, in one D1 batch (one transaction):
 * count it for its actor (subject, else IP, else `-`) and for its kind in this minute, then insert
 * the row only while both counts are within BURST_CAP. A flood of failed logins thus writes at
 * most `perActor` rows per actor and minute and `perKind` per kind and minute; the rest only bump
 * the counters (one row per actor and minute), which say how many were left out.
 */
export async function recordSecurityEvent(d1: D1Database, row: SecurityEventRow): Promise<void> {
  const db = orm(d1)
  const actor = row.subject ?? row.ip ?? '-'
  const minute = Math.floor(row.at / 60)
  const b = securityEventBursts
  const bump = (who: string) =>
    db
      .insert(b)
      .values({ kind: row.kind, actor: who, minute, count: 1 })
      .onConflictDoUpdate({ target: [b.kind, b.actor, b.minute], set: { count: sql`${b.count} + 1` } })
  const countOf = (who: string) => sql`(select ${b.count} from ${b} where ${b.kind} = ${row.kind} and ${b.actor} = ${who} and ${b.minute} = ${minute})`
  const within = sql`${countOf(actor)} <= ${BURST_CAP.perActor} and ${countOf('*')} <= ${BURST_CAP.perKind}`
  const detail = JSON.stringify(row.detail)
  await query(() =>
    db.batch([
      bump(actor),
      bump('*'),
      db.insert(securityEvents).select(sql`select ${row.id}, ${row.at}, ${row.kind}, ${row.subject}, ${row.ip}, ${row.requestId}, ${detail} where ${within}`),
    ]),
  )
}

/** A page of the trail: filters, where the previous page ended, and how many rows. */
export interface EventQuery {
  subject?: string
  kind?: string
  since?: number
  after?: { at: number; id: string }
  limit: number
}

/** Events in time order (then id), the filters applied; one more than `limit` tells a caller there is a next page. */
export async function listSecurityEvents(d1: D1Database, q: EventQuery): Promise<SecurityEventRow[]> {
  const t = securityEvents
  const where = and(
    q.subject === undefined ? undefined : eq(t.subject, q.subject),
    q.kind === undefined ? undefined : eq(t.kind, q.kind),
    q.since === undefined ? undefined : gte(t.at, q.since),
    q.after === undefined ? undefined : or(gt(t.at, q.after.at), and(eq(t.at, q.after.at), gt(t.id, q.after.id))),
  )
  return query(() =>
    orm(d1)
      .select()
      .from(t)
      .where(where)
      .orderBy(asc(t.at), asc(t.id))
      .limit(q.limit + 1)
      .all(),
  )
}
