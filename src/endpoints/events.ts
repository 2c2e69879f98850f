import type { Context } from 'hono'
import { authenticate } from '../auth'
import type { GatehouseEnv } from '../context'
import { edgeCopyFigures, listSecurityEvents, refusalSummary } from '../db'
import { fail } from '../core'
import { holdsPermission } from '../policy'
import { cursorAfter, flushRefusals, parseEventQuery, parseSummaryQuery } from '../events'

/** What a service account must hold to read the trail (`events/all` and `all` hold it too). */
export const EVENTS_PERMISSION = 'events/read'

/**
 * `GET /api/rest/v2/auth/events?subject=&kind=&since=&limit=&cursor=` → `{"events": [...], "next":
 * cursor | null}`, oldest first, for a service Bearer holding EVENTS_PERMISSION: no token is 401,
 * a customer or a service account without it 403, a bad query 400 (checked after the caller, so
 * nobody learns the query rules without the right). Reads the primary: the trail is small rows.
 *
 * @example
 * app.get(`${AUTH_PATH}/events`, events)
 */
export async function events(c: Context<GatehouseEnv>): Promise<Response> {
  const ctx = c.get('ctx')
  await requireEventReader(c)
  const query = parseEventQuery(new URL(c.req.url).searchParams)
  const rows = await listSecurityEvents(ctx.env.DB, query)
  const page = rows.slice(0, query.limit)
  const last = page.at(-1)
  return c.json({ events: page, next: rows.length > query.limit && last ? cursorAfter(last) : null })
}

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
  await flushRefusals(ctx.env.DB, ctx.requestId, Date.now())
  const [refusals, edgeCopy] = await Promise.all([refusalSummary(ctx.env.DB, since, TOP_ROUTES), edgeCopyFigures(ctx.env.DB)])
  return c.json({ refusals, edgeCopy })
}

/** Refuses the request unless its Bearer is a service account holding EVENTS_PERMISSION: none 401, anyone else 403. */
async function requireEventReader(c: Context<GatehouseEnv>): Promise<void> {
  const principal = (await authenticate(c.req.header('Authorization'), c.get('ctx'))) ?? fail('authentication_required', { detail: 'no Authorization header' })
  if (principal.type !== 'api_user' || !holdsPermission(principal.permissions, EVENTS_PERMISSION)) {
    fail('forbidden', { detail: `${principal.subject} lacks ${EVENTS_PERMISSION}`, event: { event: 'events_refused', subject: principal.subject } })
  }
}
