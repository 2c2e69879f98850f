// One load run with autocannon against a loopback URL, with workerd's CPU time read around it.
import autocannon from 'autocannon'
import { cpuSeconds } from './cpu.mjs'

export const CONNECTIONS = 32

/**
 * Runs `request` (autocannon request object: method, path, headers, setupRequest) against `url`
 * for `seconds`, and checks every answer had status `expect`.
 */
export async function load({ url, request, seconds, expect, workerdPid }) {
  // autocannon's own histogram has 1 ms resolution; loopback answers take a fraction of that, so
  // percentiles come from the exact response times it reports per response.
  const times = []
  const cpuBefore = cpuSeconds(workerdPid)
  const result = await new Promise((resolve, reject) => {
    const instance = autocannon(
      {
        url: url.origin,
        connections: CONNECTIONS,
        duration: seconds,
        requests: [request],
      },
      (error, res) => (error ? reject(error) : resolve(res)),
    )
    instance.on('response', (_client, _status, _bytes, ms) => times.push(ms))
  })
  const cpuAfter = cpuSeconds(workerdPid)
  times.sort((a, b) => a - b)
  const percentile = (p) => (times.length ? times[Math.min(times.length - 1, Math.floor((p / 100) * times.length))] : null)
  const served = result.requests.total
  const byStatus = Object.fromEntries(Object.entries(result.statusCodeStats ?? {}).map(([s, v]) => [s, v.count]))
  const wrong = served - (byStatus[String(expect)] ?? 0)
  return {
    rps: served / (result.duration || seconds),
    p50_ms: percentile(50),
    p99_ms: percentile(99),
    cpu_us_per_req: cpuBefore === undefined || cpuAfter === undefined || !served ? null : ((cpuAfter - cpuBefore) * 1e6) / served,
    served,
    errors: result.errors + result.timeouts,
    wrong,
    byStatus,
  }
}
