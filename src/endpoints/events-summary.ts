import type { Context } from 'hono'
import type { GatehouseEnv } from '../context'
import { edgeCopyFigures, refusalSummary } from '../db'
import { flushRefusals, parseSummaryQuery } from '../events'
import { requireEventReader } from './events'

/** How many routes the summary lists, busiest first. */
export const TOP_ROUTES = 10

/**
 * `GET /api/rest/v2/auth/events/summary?since=` → `{"refusals": {"byReason": [{reason, count}],
 * "byRoute": [{route, count}]}, "edgeCopy": {customers, serviceAccounts, newestConfirmedAt,
 * oldestConfirmedAt, lastSync}}` for the operator page (docs/operations.md "Refusal counts"):
 * the gateway's refusals counted since `since` (by the minute), the busiest TOP_ROUTES routes, and
 * how big and fresh the edge copy is now. The same callers as `GET /auth/events` (events/read), the
 * same refusals (401, 403, then 400 for a bad query). This isolate's refusals not yet written are
 * written first, so they are in the answer; the rest of the edge's are at most about 10 s behind.
 *
 * @example
 * app.get(`${AUTH_PATH}/events/summary`, eventSummary)
 */
export async function eventSummary(c: Context<GatehouseEnv>): Promise<Response> {
  const ctx = c.get('ctx')
  await requireEventReader(c)
  const { since } = parseSummaryQuery(new URL(c.req.url).searchParams)
  await flushRefusals(ctx.env.DB, ctx.requestId)
  const [refusals, edgeCopy] = await Promise.all([refusalSummary(ctx.env.DB, since, TOP_ROUTES), edgeCopyFigures(ctx.env.DB)])
  return c.json({ refusals, edgeCopy })
}
