// One sync run, wherever it runs (`npm run sync` in Node, the sync Worker's Cron Trigger): open both
// ends, customers (pages, those with the second factor again, then the deleted sweep), api users,
// reconfirm, record. Failures become a SyncFailure (errors.ts).
import { syncState } from '../db'
import { readWatermark } from './copies'
import { redact, rootMessage, SyncError, type SyncFailure } from './errors'
import { recordSyncRun } from './event'
import { type Progress, QUIET } from './progress'
import { reconfirmCopies } from './reconfirm'
import { emptyReport, type Report } from './report'
import { START_OF_TIME, type Cursor, type ShopDatabase } from './shop'
import { syncApiUsers } from './sync-api-users'
import { CUSTOMERS_SOURCE, type SyncContext, sweepDeletedCustomers, syncCustomers, syncSecondFactors } from './sync-customers'
import { type SyncTarget, targetDb } from './target'

// A row the shop commits a moment after a later-stamped one was read carries the earlier
// updated_at (it is taken before commit): each incremental run re-reads this much before the
// watermark. Rows that did not change cost one read and no write.
export const OVERLAP_SECONDS = 300

export interface SyncPlan {
  /** Ignore the stored watermark and read every customer. */
  full: boolean
  /** Read customers changed at or after this shop timestamp; the stored watermark stays. */
  since: string | null
  dryRun: boolean
  batchSize: number
  /** The gateway's SHOP_CONFIRM_AGE_SECONDS (reconfirm.ts). */
  confirmAgeSeconds: number
  /** The report's name of the target until it is open. */
  targetLabel: string
  openShop: () => Promise<ShopDatabase>
  openTarget: () => Promise<SyncTarget>
  /** Blanked out of any error message: the database URL and password. */
  secrets: readonly string[]
  /** Seconds since the epoch; default the wall clock. */
  now?: () => number
  /** A display of the customers pass, given how to count them; none by default. */
  progress?: (count: () => Promise<number>) => Promise<Progress>
}

export interface SyncResult {
  report: Report
  failure: SyncFailure | null
  /** Set when the run failed in a way no SyncFailure names (exit 1). */
  unexpected: boolean
}

/**
 * Copies what changed in the shop since the stored watermark into D1 and KV. Never throws: the
 * result says what was done and why it stopped.
 *
 * @example
 * const { report, failure } = await syncEdgeCopy({ ...plan, openShop, openTarget })
 */
export async function syncEdgeCopy(plan: SyncPlan): Promise<SyncResult> {
  const started = performance.now()
  const report = emptyReport(plan.targetLabel, plan.full ? 'full' : plan.since ? 'since' : 'incremental', plan.dryRun, plan.since)
  let landed = false
  const finish = (failure: SyncFailure | null, err?: unknown): SyncResult => {
    report.seconds = (performance.now() - started) / 1000
    if (err !== undefined) report.error = redact(rootMessage(err), plan.secrets)
    return { report, failure, unexpected: err !== undefined && failure === null }
  }

  let shop: ShopDatabase | undefined
  let target: SyncTarget | undefined
  try {
    shop = await plan.openShop()
    const opened = await plan.openTarget()
    target = opened
    report.target = opened.name
    // Once a write has landed, a failure leaves the run part-way (resumable), whatever it was.
    const counting: SyncTarget = {
      name: opened.name,
      query: (s) => opened.query(s),
      batch: async (s) => {
        await opened.batch(s)
        landed = true
      },
      stampSubjects: async (...args) => {
        await opened.stampSubjects(...args)
        landed = true
      },
      close: () => opened.close(),
    }
    const db = targetDb(counting)
    await checkTarget(db)
    const now = plan.now ?? (() => Math.floor(Date.now() / 1000))
    const runStart = now()
    const ctx: SyncContext = { shop, db, target: counting, report, dryRun: plan.dryRun, batchSize: plan.batchSize, now }

    const stored = await readWatermark(db, CUSTOMERS_SOURCE)
    const { start, save } = startingPoint(plan, stored)
    if (!plan.since && !plan.full) report.mode = stored ? 'incremental' : 'full'
    report.from = start.updatedAt === START_OF_TIME ? null : start.updatedAt
    report.watermark = stored
    const reader = shop
    const progress = plan.progress ? await plan.progress(() => reader.countCustomers(start.updatedAt)) : QUIET
    await syncCustomers(ctx, start, save, progress)
    progress.finish()
    await syncSecondFactors(ctx)
    await sweepDeletedCustomers(ctx)
    await syncApiUsers(ctx)
    // A --since run skips changes made before its time, so it cannot vouch for the copies it did not read.
    if (save && !plan.dryRun) report.reconfirmed = await reconfirmCopies(db, runStart, plan.confirmAgeSeconds)
    if (!plan.dryRun) await recordSyncRun(db, report, now())
    return finish(null)
  } catch (err) {
    if (landed) return finish('partial', err)
    return finish(err instanceof SyncError ? err.failure : null, err)
  } finally {
    await shop?.close().catch(() => undefined)
    await target?.close().catch(() => undefined)
  }
}

/** Where customers are read from, and whether the run moves the stored watermark. */
export function startingPoint(options: Pick<SyncPlan, 'full' | 'since'>, stored: Cursor | null): { start: Cursor; save: boolean } {
  if (options.since) return { start: { updatedAt: options.since, lastId: 0 }, save: false }
  if (options.full || !stored) return { start: { updatedAt: START_OF_TIME, lastId: 0 }, save: true }
  return { start: { updatedAt: secondsBefore(stored.updatedAt, OVERLAP_SECONDS), lastId: 0 }, save: true }
}

// The shop's timestamps are wall-clock text in its own zone; subtracting in UTC arithmetic on that
// text never crosses a zone, so the result is the same text the shop would print.
function secondsBefore(timestamp: string, seconds: number): string {
  const time = Date.parse(`${timestamp.replace(' ', 'T')}Z`)
  if (Number.isNaN(time)) return timestamp
  return new Date(time - seconds * 1000).toISOString().slice(0, 19).replace('T', ' ')
}

async function checkTarget(db: ReturnType<typeof targetDb>): Promise<void> {
  try {
    await db.select({ source: syncState.source }).from(syncState).limit(1)
  } catch (err) {
    if (/no such table/i.test(rootMessage(err))) {
      throw new SyncError(
        'target_schema',
        "D1 has no sync_state table: apply gatehouse's migrations first (npm run db:migrate:local, or wrangler d1 migrations apply DB --remote)",
      )
    }
    throw new SyncError('connect', `cannot read D1: ${rootMessage(err)}`)
  }
}
