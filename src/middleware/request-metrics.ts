/** What a request's metric says, gathered by the request log middleware (src/middleware/request-log.ts). */
export interface RequestFacts {
  route: string | null
  level: string | undefined
  decision: string
  reason: string | undefined
  status: number
  cache: string | undefined
  grant: string | undefined
  country: string | undefined
  durationMs: number
}

/**
 * The Workers Analytics Engine data point of one request (docs/operations.md "Metrics"). Pure.
 * Blobs, in order (SQL `blob1`…`blob7`): route template (`-` when nothing matched), level,
 * decision, refusal reason, cache status, grant, client country; doubles: `double1` duration in
 * ms, `double2` status. The index (the sampling key) is the route, so a busy route is sampled apart
 * from a quiet one.
 *
 * @example
 * env.METRICS?.writeDataPoint(dataPointOf(facts))
 */
export function dataPointOf(f: RequestFacts): AnalyticsEngineDataPoint {
  const route = f.route ?? '-'
  return {
    indexes: [route.slice(0, 96)],
    blobs: [route, f.level ?? '-', f.decision, f.reason ?? '-', f.cache ?? '-', f.grant ?? '-', f.country ?? '-'],
    doubles: [f.durationMs, f.status],
  }
}

/** Writes the request's data point when the METRICS binding exists; never throws (a metric never costs an answer). */
export function writeRequestMetric(dataset: AnalyticsEngineDataset | undefined, facts: RequestFacts, log: (error: string) => void): void {
  if (!dataset) return
  try {
    dataset.writeDataPoint(dataPointOf(facts))
  } catch (err) {
    log(err instanceof Error ? err.name : 'unknown')
  }
}
