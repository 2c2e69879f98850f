import type { Context, MiddlewareHandler } from 'hono'
import { routePath } from 'hono/route'
import { CACHE_STATUS_HEADER } from '../cache'
import type { GatehouseEnv } from '../context'
import { GatehouseError, logEvent } from '../core'
import { countRefusal } from '../events'
import { API_PREFIX } from '../policy'
import { writeRequestMetric } from './request-metrics'

/** What became of a request: sent to the shop, answered by gatehouse itself, refused, or failed. */
export type Decision = 'proxied' | 'answered' | 'refused' | 'failed'

/**
 * One JSON line per refused or failed request, written once the answer is made:
 * `{"event":"request","requestId","method","route","decision","reason","status","cache","durationMs"}`.
 * Allowed requests (`proxied`, `answered`) get a line only with `LOG_REQUESTS=all`: the line costs
 * more CPU than the rest of a public GET's own work, and the platform's invocation logs
 * (`[observability]` in wrangler.toml) already record every request's method, URL and status.
 * `route` is the route template (`/customers/{id}`, `/auth/token`) or null when nothing matched:
 * never the raw path (it may hold ids or anything a client typed) and never the query string (it
 * may hold tokens). `reason` is the refusal reason from src/core/errors.ts, absent when allowed.
 *
 * @example
 * app.use(requestId(), requestLog)
 */
export const requestLog: MiddlewareHandler<GatehouseEnv> = async (c, next) => {
  const started = Date.now()
  await next()
  const decision = decisionOf(c)
  const facts = {
    route: routeTemplate(c),
    decision,
    reason: reasonOf(c.error),
    status: c.res.status,
    // HIT / MISS / STALE / REVALIDATED / BYPASS on catalogue reads (docs/cache.md), else absent.
    cache: c.res.headers.get(CACHE_STATUS_HEADER) ?? undefined,
    durationMs: Date.now() - started,
  }
  // Every request is one metric data point (docs/operations.md "Metrics"); only some get a line.
  const country = (c.req.raw.cf as { country?: unknown } | undefined)?.country
  writeRequestMetric(
    c.env.METRICS,
    { ...facts, level: c.get('level'), grant: c.get('grant'), country: typeof country === 'string' ? country : undefined },
    (error) => logEvent({ event: 'metric_lost', requestId: c.get('requestId'), error }),
  )
  // A refusal is also counted in D1 by reason and route (docs/operations.md "Refusal counts"), in
  // bounded background batches that never delay or fail the answer.
  // Counted at the wall clock, as a security event is stamped: the minute a refusal happened, which
  // a request's own clock (ctx.now, which tests move) need not be.
  countRefusal(c.env.DB, (work) => waitUntil(c, work), facts, c.get('requestId'), Date.now())
  if ((decision === 'proxied' || decision === 'answered') && !c.get('ctx').config.log.allRequests) return
  logEvent({ event: 'request', requestId: c.get('requestId'), method: c.req.method, ...facts })
}

// Without an execution context (a bare `app.request` in a test) the work just runs unawaited.
function waitUntil(c: Context<GatehouseEnv>, work: Promise<unknown>): void {
  try {
    c.executionCtx.waitUntil(work)
  } catch {
    void work
  }
}

function decisionOf(c: Context<GatehouseEnv>): Decision {
  if (c.get('proxied')) return 'proxied'
  if (c.res.status >= 500) return 'failed'
  return c.res.status >= 400 ? 'refused' : 'answered'
}

function reasonOf(error: Error | undefined): string | undefined {
  if (!error) return undefined
  return error instanceof GatehouseError ? error.reason : 'internal'
}

// The gateway names the rule it matched; the token endpoints are hono routes whose registered path
// is their template. Wildcard mounts (`/api/*`, the gateway's own `/api/rest/v2/*`) name nothing.
function routeTemplate(c: Context<GatehouseEnv>): string | null {
  const matched = c.get('route')
  if (matched) return matched
  const registered = routePath(c)
  if (!registered.startsWith(`${API_PREFIX}/`) || registered.includes('*')) return null
  return registered.slice(API_PREFIX.length)
}
