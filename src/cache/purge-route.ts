import type { Context } from 'hono'
import { authenticate } from '../auth'
import type { GatehouseEnv } from '../context'
import { fail } from '../errors'
import { permit } from '../gateway/permit'
import { API_PREFIX, canonicalizePath, compileRouteTable, parseRouteTable, type MatchedRoute } from '../policy'
import { PURGE_REFRESH_SECONDS, writePurge, type Purge } from './purges'

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

const MAX_BODY_BYTES = 4096

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
  const purge = parsePurge(await readBody(c.req.raw), Date.now())
  try {
    await writePurge(ctx.env.REVOKED, purge, ctx.config.cache, ctx.config.kv.timeoutMs)
  } catch (err) {
    fail('storage_unavailable', { detail: `purge record: ${String(err)}`, event: { event: 'storage_unavailable', store: 'kv', operation: 'write' } })
  }
  ctx.log({ event: 'cache_purged', scope: purge.scope, path: purge.path ?? null, subject: principal?.subject ?? null })
  return c.json({ purged: { scope: purge.scope, path: purge.path ?? null }, at: new Date(purge.at).toISOString(), effectiveWithinSeconds: PURGE_WINDOW_SECONDS })
}

async function readBody(request: Request): Promise<unknown> {
  const type = (request.headers.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase()
  if (type !== 'application/json') fail('json_required')
  const text = await request.text()
  if (text.length > MAX_BODY_BYTES) fail('body_too_large', { detail: `purge body over ${MAX_BODY_BYTES} characters` })
  try {
    return JSON.parse(text)
  } catch {
    return fail('invalid_json', { detail: 'malformed JSON' })
  }
}

/** The purge a body asks for: exactly one of `path`, `prefix`, `everything: true`. Pure. */
export function parsePurge(body: unknown, now: number): Purge {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) fail('invalid_json', { detail: 'JSON is not an object' })
  const fields = Object.keys(body)
  if (fields.length !== 1) fail('bad_request', { detail: 'purge names exactly one of path, prefix, everything' })
  const { path, prefix, everything } = body as Record<string, unknown>
  if (everything === true) return { scope: 'everything', at: now }
  if (path !== undefined) return { scope: 'path', path: apiPath(path), at: now }
  if (prefix !== undefined) return { scope: 'prefix', path: apiPath(prefix), at: now }
  return fail('bad_request', { detail: 'purge names exactly one of path, prefix, everything: true' })
}

// The canonical form is the one entries are kept under; anything else would purge nothing.
function apiPath(value: unknown): string {
  if (typeof value !== 'string' || value.includes('?') || value.includes('#')) fail('bad_request', { detail: 'purge path must be a path without query' })
  const canonical = canonicalizePath(value)
  if (!canonical.ok || canonical.value !== value || (value !== API_PREFIX && !value.startsWith(`${API_PREFIX}/`))) {
    fail('bad_request', { detail: `purge path must be a canonical path under ${API_PREFIX}` })
  }
  return value
}
