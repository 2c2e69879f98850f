// One run of `npm run sync`: open both ends, customers (pages, those with the second factor again, then the deleted sweep), api users,
// report. Failures become a SyncFailure the CLI turns into an exit code.
import { readWatermark } from './copies'
import { recordSyncRun } from './event'
import { SyncError, redact, rootMessage, type SyncFailure } from './errors'
import { openLocalTarget } from './local-target'
import type { SyncOptions } from './options'
import { progressBar } from './progress'
import { reconfirmCopies } from './reconfirm'
import { openRemoteTarget } from './remote-target'
import { emptyReport, type Report } from './report'
import { START_OF_TIME, ShopDatabase, type Cursor } from './shop'
import { syncApiUsers } from './sync-api-users'
import { CUSTOMERS_SOURCE, sweepDeletedCustomers, syncCustomers, syncSecondFactors, type SyncContext } from './sync-customers'
import { targetDb, type SyncTarget } from './target'
import { syncState } from '../../src/db/schema'

// A row the shop commits a moment after a later-stamped one was read carries the earlier
// updated_at (it is taken before commit): each incremental run re-reads this much before the
// watermark. Rows that did not change cost one read and no write.
export const OVERLAP_SECONDS = 300

export interface SyncDeps {
  env: Record<string, string | undefined>
  stderr: NodeJS.WriteStream
  /** Opens the D1/KV to write; default: local or remote per the options. */
  openTarget?: (options: SyncOptions) => Promise<SyncTarget>
  now?: () => number
}

export interface SyncResult {
  report: Report
  failure: SyncFailure | null
  /** Set when the run failed in a way no SyncFailure names (exit 1). */
  unexpected: boolean
}

export async function runSync(options: SyncOptions, deps: SyncDeps): Promise<SyncResult> {
  const started = performance.now()
  const secrets = databaseSecrets(options.databaseUrl)
  const report = emptyReport(options.target, options.full ? 'full' : options.since ? 'since' : 'incremental', options.dryRun, options.since)
  let landed = false
  const finish = (failure: SyncFailure | null, err?: unknown): SyncResult => {
    report.seconds = (performance.now() - started) / 1000
    if (err !== undefined) report.error = redact(rootMessage(err), secrets)
    return { report, failure, unexpected: err !== undefined && failure === null }
  }

  let shop: ShopDatabase | undefined
  let target: SyncTarget | undefined
  try {
    shop = await ShopDatabase.open(options.databaseUrl, options.tablePrefix)
    const opened = await (deps.openTarget ?? defaultTarget(deps.env))(options)
    target = opened
    report.target = opened.name
    const counting: SyncTarget = {
      ...opened,
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
    const now = deps.now ?? (() => Math.floor(Date.now() / 1000))
    const runStart = now()
    const ctx: SyncContext = { shop, db, target: counting, report, dryRun: options.dryRun, batchSize: options.batchSize, now }

    const stored = await readWatermark(db, CUSTOMERS_SOURCE)
    const { start, save } = startingPoint(options, stored)
    if (!options.since && !options.full) report.mode = stored ? 'incremental' : 'full'
    report.from = start.updatedAt === START_OF_TIME ? null : start.updatedAt
    report.watermark = stored
    const progress = options.json ? progressBar(deps.stderr, 'customers', 0) : progressBar(deps.stderr, 'customers', await shop.countCustomers(start.updatedAt))
    await syncCustomers(ctx, start, save, progress)
    progress.finish()
    await syncSecondFactors(ctx)
    await sweepDeletedCustomers(ctx)
    await syncApiUsers(ctx)
    // A --since run skips changes made before its time, so it cannot vouch for the copies it did not read.
    if (save && !options.dryRun) report.reconfirmed = await reconfirmCopies(db, runStart, options.confirmAgeSeconds)
    if (!options.dryRun) await recordSyncRun(db, report, now())
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
export function startingPoint(options: Pick<SyncOptions, 'full' | 'since'>, stored: Cursor | null): { start: Cursor; save: boolean } {
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

function defaultTarget(env: Record<string, string | undefined>) {
  return async (options: SyncOptions): Promise<SyncTarget> =>
    options.target === 'remote'
      ? openRemoteTarget({ config: options.config, env: options.env, variables: env })
      : openLocalTarget({ config: options.config, env: options.env, persistTo: options.persistTo })
}

function databaseSecrets(url: string): string[] {
  try {
    const parsed = new URL(url)
    return [url, parsed.password, decodeURIComponent(parsed.password)]
  } catch {
    return [url]
  }
}
