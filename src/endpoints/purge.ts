import type { Context } from 'hono'
import { authenticate } from '../auth'
import type { GatehouseEnv } from '../context'
import { fail, limitBodyTo, readJsonObject } from '../core'
import { permit } from '../gateway'
import { API_PREFIX, compileRouteTable, parseRouteTable, type MatchedRoute } from '../policy'
import { parsePurge, PURGE_REFRESH_SECONDS, writePurge } from '../cache'

/** Where operators purge the edge cache; gatehouse's own route, never forwarded to the shop. */
export const PURGE_PATH = `${API_PREFIX}/edge-cache/purge`

// The purge's rule, written like a row of policy/routes.tsv and decided by the same `authorize`:
// a service account holding `cache/delete` (or `cache/all`, or `all`). Not in the shop's table, so
// the gateway refuses the path (404) in any spelling that does not reach this route.
const PURGE_RULE: MatchedRoute = (() => {
  const match = compileRouteTable(parseRouteTable('POST\t/edge-cache/purge\tadmin\tcache/delete')).match('POST', '/edge-cache/purge')
  if (match.kind !== 'matched') throw new Error('the purge rule does not match its own path')
  return match
})()

/** KV's own propagation across locations (up to 60 s) plus how long an isolate keeps the purge list. */
export const PURGE_WINDOW_SECONDS = 60 + PURGE_REFRESH_SECONDS

// A purge names one path: a few hundred bytes.
const MAX_BODY_BYTES = 4096

/** 413 for a purge body over 4 KiB, before it is read (`app.post(PURGE_PATH, limitPurgeBody, purgeRoute)`). */
export const limitPurgeBody = limitBodyTo(MAX_BODY_BYTES)

/**
 * `POST /api/rest/v2/edge-cache/purge` with one of `{"path": "/api/rest/v2/products/1"}`,
 * `{"prefix": "/api/rest/v2/products"}` or `{"everything": true}`. Answers 200 with what was purged
 * and the window within which every location stops serving it; the record is in KV before the answer.
 *
 * @example
 * app.post(PURGE_PATH, purgeRoute)
 */
export async function purgeRoute(c: Context<GatehouseEnv>): Promise<Response> {
  const ctx = c.get('ctx')
  const principal = await authenticate(c.req.header('Authorization'), ctx)
  permit(principal, PURGE_RULE)
  const purge = parsePurge(await readJsonObject(c), ctx.now * 1000)
  try {
    await writePurge(ctx.env.REVOKED, purge, ctx.config.cache, ctx.config.kv.timeoutMs)
  } catch (err) {
    fail('storage_unavailable', { detail: `purge record: ${String(err)}`, event: { event: 'storage_unavailable', store: 'kv', operation: 'write' } })
  }
  ctx.log({ event: 'cache_purged', scope: purge.scope, path: purge.path ?? null, subject: principal?.subject ?? null })
  return c.json({
    purged: { scope: purge.scope, path: purge.path ?? null },
    at: new Date(purge.at).toISOString(),
    effectiveWithinSeconds: PURGE_WINDOW_SECONDS,
  })
}
