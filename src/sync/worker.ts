// The sync Worker (wrangler.sync.toml): on its Cron Trigger, an incremental sync of the edge copy
// from the shop's database through Hyperdrive, into the D1 and KV the gateway reads. A Worker of its
// own, not the gateway's: the MySQL driver is about 1 MB minified, which the gateway's bundle need not parse.
import { ConfigError, logEvent } from '../core'
import { d1Target } from './d1-target'
import type { Report } from './report'
import { syncEdgeCopy, type SyncResult } from './run'
import { ShopDatabase } from './shop'
import { MAX_BATCH_SIZE } from './target'
import { databaseUrl, type SyncWorkerEnv, syncWorkerSettings } from './worker-config'

/**
 * One incremental run, as `npm run sync` without flags does: from the stored watermark (a first
 * run reads everything), then the second-factor pass, the deleted sweep, api users and reconfirm.
 */
export function syncFromShop(env: SyncWorkerEnv): Promise<SyncResult> {
  const { database, tablePrefix, confirmAgeSeconds } = syncWorkerSettings(env)
  const url = databaseUrl(database)
  const target = d1Target(env)
  return syncEdgeCopy({
    full: false,
    since: null,
    dryRun: false,
    batchSize: MAX_BATCH_SIZE,
    confirmAgeSeconds,
    targetLabel: target.name,
    openShop: () => ShopDatabase.open(url, tablePrefix, { disableEval: true }),
    openTarget: async () => target,
    secrets: [url, database.connectionString, database.password],
  })
}

/**
 * The Cron Trigger's handler: one `sync_run` log line with the run's counts; a failed run is
 * rethrown, so the platform's cron history shows it failed (a partial run resumes on the next).
 */
export async function scheduled(controller: Pick<ScheduledController, 'cron'>, env: SyncWorkerEnv): Promise<void> {
  let result: SyncResult
  try {
    result = await syncFromShop(env)
  } catch (err) {
    // Only a setting can fail before the run starts.
    logEvent({ event: 'sync_failed', cron: controller.cron, failure: 'usage', error: err instanceof ConfigError ? err.message : 'unknown' })
    throw err
  }
  const { report, failure, unexpected } = result
  logEvent({
    event: 'sync_run',
    cron: controller.cron,
    mode: report.mode,
    from: report.from,
    watermark: report.watermark?.updatedAt ?? null,
    ...counts('customers', report.customers),
    ...counts('apiUsers', report.apiUsers),
    skipped: report.skippedRows.length,
    reconfirmed: report.reconfirmed.customers + report.reconfirmed.apiUsers,
    seconds: Math.round(report.seconds * 10) / 10,
    failure: failure ?? (unexpected ? 'unexpected' : null),
    error: report.error,
  })
  if (failure || unexpected) throw new Error(`sync ${failure ?? 'failed'}: ${report.error ?? 'unknown'}`)
}

// `customersRead`, `customersWritten`, …: a log line's fields are flat.
function counts(prefix: string, c: Report['customers']): Record<string, number> {
  return Object.fromEntries(Object.entries(c).map(([name, n]) => [`${prefix}${name[0]!.toUpperCase()}${name.slice(1)}`, n]))
}

export default { scheduled: (controller, env) => scheduled(controller, env) } satisfies ExportedHandler<SyncWorkerEnv>
