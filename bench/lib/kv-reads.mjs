// KV operations per authorised request, counted on a copy of the gateway whose REVOKED binding
// goes through bench/kv-counter.ts. Sequential requests; counts only, no timing.

const REQUESTS = 100

async function countFor(gatewayUrl, counterUrl, path, tokenFor) {
  await fetch(counterUrl, { method: 'POST' }).then((r) => r.arrayBuffer())
  for (let i = 0; i < REQUESTS; i++) {
    const res = await fetch(new URL(path, gatewayUrl), { headers: { 'cf-connecting-ip': '203.0.113.7', authorization: `Bearer ${tokenFor(i)}` } })
    await res.arrayBuffer()
    if (res.status !== 200) throw new Error(`counting KV reads: ${path} answered ${res.status}`)
  }
  const counts = await fetch(counterUrl).then((r) => r.json())
  return { reads: counts.reads / REQUESTS, keys: counts.keysRead / REQUESTS }
}

/** {warm, cold}: KV read operations per request (a bulk get of two keys counts once), and keys read. */
export async function countKvReads({ gatewayUrl, counterUrl, hot, mintFresh, path }) {
  // One request first, so the hot token's answer is in the isolate's cache as in a warm isolate.
  await fetch(new URL(path, gatewayUrl), { headers: { 'cf-connecting-ip': '203.0.113.7', authorization: `Bearer ${hot}` } }).then((r) => r.arrayBuffer())
  const warm = await countFor(gatewayUrl, counterUrl, path, () => hot)
  const fresh = await mintFresh(REQUESTS)
  const cold = await countFor(gatewayUrl, counterUrl, path, (i) => fresh[i])
  return { warm: warm.reads, cold: cold.reads, warm_keys: warm.keys, cold_keys: cold.keys }
}
