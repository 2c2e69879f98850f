import type { Context } from 'hono'
import { sql } from 'drizzle-orm'
import type { Config } from '../config'
import type { GatehouseEnv } from '../context'
import { orm } from '../db'
import { type Env, withTimeout, errorBody } from '../core'
import { originTarget } from '../proxy'

/** One part the gateway depends on: `ok`, or `degraded` when its probe failed or timed out. */
export type PartState = 'ok' | 'degraded'

export interface HealthReport {
  status: PartState
  checks: { d1: PartState; kv: PartState; origin: PartState }
}

/** How long one isolate reuses a probe result: a monitor every few seconds costs one probe per window. */
export const HEALTH_CACHE_SECONDS = 5
/**
 * A D1 or origin probe gives up after this long and counts as degraded, so a hung store cannot hang
 * the answer; the KV probe gives up when the gateway's own revocation reads would (KV_TIMEOUT_MS).
 */
export const PROBE_TIMEOUT_MS = 2000
// A public, cheap read the shop always serves; any answer below 500 means it is up.
const ORIGIN_PROBE_PATH = '/api/rest/v2/store-config'
// Never written: reading a missing key is the cheapest KV round trip there is.
const KV_PROBE_KEY = 'health:probe'

/**
 * HTTP status of a report: 503 when a store every token check or login needs (D1, KV) is degraded,
 * else 200; an unreachable origin only degrades (tokens are still issued and checked). Pure.
 */
export function healthStatus(report: HealthReport): 200 | 503 {
  return report.checks.d1 === 'ok' && report.checks.kv === 'ok' ? 200 : 503
}

/**
 * `GET /api/rest/v2/auth/health`: the state of D1, KV and the origin, for monitors. Says nothing
 * else (no URLs, versions or errors), is not rate-limited, and probes at most once per
 * `HEALTH_CACHE_SECONDS` per isolate; requests in between share the last (or the pending) probe.
 *
 * @example
 * app.get('/api/rest/v2/auth/health', health)
 */
export async function health(c: Context<GatehouseEnv>): Promise<Response> {
  const { env, config, now } = c.get('ctx')
  const report = await cachedReport(env, config, new URL(c.req.url), now)
  const status = healthStatus(report)
  // A 503 also carries the shop's error fields, so a client with one error parser reads it too.
  const body = status === 200 ? report : { ...errorBody('storage_unavailable'), ...report }
  return c.json(body, status)
}

// Per env object: in production one per isolate; in tests each set of overridden bindings is its own.
const reports = new WeakMap<Env, { until: number; report: Promise<HealthReport> }>()

function cachedReport(env: Env, config: Config, url: URL, now: number): Promise<HealthReport> {
  const cached = reports.get(env)
  if (cached && cached.until > now) return cached.report
  const report = probeAll(env, config, url)
  reports.set(env, { until: now + HEALTH_CACHE_SECONDS, report })
  return report
}

async function probeAll(env: Env, config: Config, url: URL): Promise<HealthReport> {
  const [d1, kv, origin] = await Promise.all([
    probe(() => orm(env.DB).run(sql`select 1`), PROBE_TIMEOUT_MS),
    probe(() => env.REVOKED.get(KV_PROBE_KEY), config.kv.timeoutMs),
    probe(() => probeOrigin(env, config, url), PROBE_TIMEOUT_MS),
  ])
  return { status: d1 === 'ok' && kv === 'ok' && origin === 'ok' ? 'ok' : 'degraded', checks: { d1, kv, origin } }
}

async function probeOrigin(env: Env, config: Config, url: URL): Promise<void> {
  const target = originTarget(env, config, ORIGIN_PROBE_PATH, new URL(url.origin))
  const res = await target.fetcher.fetch(new Request(target.url, { method: 'HEAD', redirect: 'manual' }))
  await res.body?.cancel()
  if (res.status >= 500) throw new Error(`origin answered ${res.status}`)
}

// What went wrong stays here: a health answer never carries error text.
async function probe(work: () => Promise<unknown>, timeoutMs: number): Promise<PartState> {
  try {
    await withTimeout(work(), timeoutMs, 'health probe')
    return 'ok'
  } catch {
    return 'degraded'
  }
}
