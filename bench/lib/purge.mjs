// What an edge-cache purge costs: the purge request itself (one at a time, timed from outside),
// and the purge check every cached read makes (KV list operations per cached read, counted on the
// copy of the gateway whose REVOKED goes through bench/kv-counter.ts; never timed).
import { API, CATALOGUE_PATH } from './cases.mjs'
import { median } from './micro.mjs'

const HEADERS = { 'cf-connecting-ip': '203.0.113.8', accept: 'application/json' }
// The demo shop marks its catalogue answers public only when asked (demo/origin/src/caching.ts);
// without this every read was `private`, never kept, and the purge check never measured.
const CACHED_READ = { ...HEADERS, 'x-demo-cache': 'public' }

export async function measurePurge({ gatewayUrl, countedUrl, counterUrl, adminToken, purges, reads = 200 }) {
  const times = []
  for (let i = 0; i < purges; i++) {
    const started = performance.now()
    const res = await fetch(new URL(`${API}/edge-cache/purge`, gatewayUrl), {
      method: 'POST',
      headers: { ...HEADERS, authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' },
      // Paths nobody reads, so the timed cases' kept answers stay.
      body: JSON.stringify({ path: `${API}/products/bench-purge-${i}` }),
    })
    await res.arrayBuffer()
    if (res.status !== 200) return { skipped: `skipped: the purge answered ${res.status}` }
    times.push(performance.now() - started)
  }
  const path = `${CATALOGUE_PATH}?purge-check=${Date.now()}`
  // The first read keeps the answer after it has answered (waitUntil): read until it is served kept.
  for (let i = 0; i < 20; i++) {
    const res = await fetch(new URL(path, countedUrl), { headers: CACHED_READ })
    await res.arrayBuffer()
    if (res.headers.get('x-gatehouse-cache') === 'HIT') break
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
  await fetch(counterUrl, { method: 'POST' }).then((r) => r.arrayBuffer())
  for (let i = 0; i < reads; i++) {
    const res = await fetch(new URL(path, countedUrl), { headers: CACHED_READ })
    await res.arrayBuffer()
    if (res.headers.get('x-gatehouse-cache') !== 'HIT') return { skipped: `skipped: a cached read answered ${res.headers.get('x-gatehouse-cache')}` }
  }
  const counts = await fetch(counterUrl).then((r) => r.json())
  return { ms: median(times), range: [Math.min(...times), Math.max(...times)], n: purges, kv_ops_per_cached_read: counts.reads / reads, reads }
}
