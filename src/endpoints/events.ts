import type { Context } from 'hono'
import { authenticate } from '../auth'
import type { GatehouseEnv } from '../context'
import { listSecurityEvents } from '../db'
import { fail } from '../core'
import { holdsPermission } from '../policy'
import { cursorAfter, parseEventQuery } from '../events'

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

/** Refuses the request unless its Bearer is a service account holding EVENTS_PERMISSION: none 401, anyone else 403. */
export async function requireEventReader(c: Context<GatehouseEnv>): Promise<void> {
  const principal = (await authenticate(c.req.header('Authorization'), c.get('ctx'))) ?? fail('authentication_required', { detail: 'no Authorization header' })
  if (principal.type !== 'api_user' || !holdsPermission(principal.permissions, EVENTS_PERMISSION)) {
    fail('forbidden', { detail: `${principal.subject} lacks ${EVENTS_PERMISSION}`, event: { event: 'events_refused', subject: principal.subject } })
  }
}
