import { readConfig } from '../config'
import { pruneExpired, type Pruned } from '../db'
import { type Env, logEvent } from '../core'

/**
 * The Cron Trigger's handler (`[triggers] crons` in wrangler.toml): prunes what no decision reads
 * any more (src/db/upkeep.ts) and writes one `upkeep` line with the counts. A failure is logged
 * and rethrown, so the platform's cron history shows the run as failed.
 *
 * @example
 * export default { fetch: app.fetch, scheduled }
 */
export async function scheduled(controller: Pick<ScheduledController, 'scheduledTime' | 'cron'>, env: Env): Promise<Pruned> {
  const now = Math.floor(controller.scheduledTime / 1000)
  try {
    const config = readConfig(env)
    const pruned = await pruneExpired(env.DB, { now, eventRetentionDays: config.log.eventRetentionDays, lockoutWindowSeconds: config.lockout.windowSeconds })
    logEvent({ event: 'upkeep', cron: controller.cron, ...pruned })
    return pruned
  } catch (err) {
    logEvent({
      event: 'upkeep_failed',
      cron: controller.cron,
      error: err instanceof Error ? err.name : 'unknown',
      detail: err instanceof Error ? err.message.slice(0, 200) : null,
    })
    throw err
  }
}
