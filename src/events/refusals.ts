import { addRefusalCounts } from '../db'
import { logEvent } from '../core'
import { RefusalTally } from './refusal-tally'

// One tally per isolate: the requests it answers count into it, and one of them writes it out.
const tally = new RefusalTally()

/** What the request log knows of an answered request, as far as refusal counts need it. */
export interface RefusalFacts {
  decision: string
  reason: string | undefined
  route: string | null
}

/**
 * Counts a refused request (decision `refused`: a 4xx the gateway decided itself) in the isolate's
 * tally, and on any request, refused or not, writes the tally to D1 in `waitUntil` when a write is
 * due (src/events/refusal-tally.ts): at most one D1 batch per isolate every 10 s and per minute
 * boundary. Never throws and never waits: a failed write is logged (`refusal_counts_lost`) and its
 * counts dropped.
 *
 * @example
 * countRefusal(env.DB, (work) => c.executionCtx.waitUntil(work), facts, requestId, ctx.now * 1000)
 */
export function countRefusal(
  db: D1Database,
  waitUntil: (work: Promise<unknown>) => void,
  facts: RefusalFacts,
  requestId: string | undefined,
  nowMs: number,
): void {
  try {
    if (facts.decision === 'refused') tally.add(nowMs, facts.reason, facts.route)
    const rows = tally.take(nowMs)
    if (rows) waitUntil(write(db, rows, requestId))
  } catch (err) {
    logEvent({ event: 'refusal_counts_lost', requestId, error: err instanceof Error ? err.name : 'unknown' })
  }
}

/**
 * Writes whatever the isolate holds now, due or not (the summary endpoint does before it reads, so
 * the operator sees the isolate's own latest counts). Never throws.
 */
export async function flushRefusals(db: D1Database, requestId: string | undefined, nowMs: number): Promise<void> {
  const rows = tally.take(nowMs, true)
  if (rows) await write(db, rows, requestId)
}

async function write(db: D1Database, rows: Parameters<typeof addRefusalCounts>[1], requestId: string | undefined): Promise<void> {
  try {
    await addRefusalCounts(db, rows)
  } catch (err) {
    // The name only: a D1 message may quote the parameters.
    const refusals = rows.reduce((sum, row) => sum + row.count, 0)
    logEvent({ event: 'refusal_counts_lost', requestId, refusals, error: err instanceof Error ? err.name : 'unknown' })
  }
}
