// Drives bench/micro.ts: each case loops a project function N times inside workerd. workerd's
// clock moves in whole milliseconds, so N is raised until one loop takes ≥ TARGET_MS, then the
// per-call time is the median over REPEATS loops (elapsed ÷ N), cross-checked with workerd CPU.
import { cpuSeconds } from './cpu.mjs'

const TARGET_MS = 200
const REPEATS = 5

export const MICRO_CASES = ['verify', 'match_shop', 'match_10k', 'resolve_shop', 'proxy_public', 'app_public', 'app_warm', 'app_public_logged']

async function loop(url, name, n, query = '') {
  const res = await fetch(new URL(`/${name}?n=${n}${query}`, url))
  const body = await res.json()
  if (res.status !== 200) return { unavailable: body.error ?? `HTTP ${res.status}` }
  return body
}

/** Per-call µs of one micro case, or {skipped} when its module has not landed. */
export async function measureMicro({ url, name, workerdPid, quick, query = '' }) {
  const first = await loop(url, name, 1, query)
  if (first.unavailable) return { skipped: `skipped: ${name} module not landed yet (${first.unavailable})` }
  let n = 100
  for (let i = 0; i < 6; i++) {
    const { elapsed_ms } = await loop(url, name, n, query)
    if (elapsed_ms >= TARGET_MS) break
    n = Math.min(n * Math.max(2, Math.ceil(TARGET_MS / Math.max(elapsed_ms, 1)) + 1), 5_000_000)
  }
  const perCall = []
  const cpuPerCall = []
  for (let r = 0; r < (quick ? 2 : REPEATS); r++) {
    const cpu0 = cpuSeconds(workerdPid)
    const { elapsed_ms } = await loop(url, name, n, query)
    const cpu1 = cpuSeconds(workerdPid)
    perCall.push((elapsed_ms * 1000) / n)
    if (cpu0 !== undefined && cpu1 !== undefined) cpuPerCall.push(((cpu1 - cpu0) * 1e6) / n)
  }
  return { n, us: median(perCall), range: [Math.min(...perCall), Math.max(...perCall)], cpu_us: cpuPerCall.length ? median(cpuPerCall) : null }
}

export function median(values) {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = sorted.length >> 1
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
}
