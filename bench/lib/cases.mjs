// The HTTP cases, in the order they run in every round (A B C …, backwards every other round), and the probe that
// decides whether each can run at all: a case whose answer is not the expected one (a module
// not landed yet, a route not wired) is skipped with the reason, never measured.
//
// Each gateway case runs next to its baseline, so what a round's time does to one it does to the
// other. The cold case (`ownRounds`) runs in rounds of its own after the others, beside a
// pass-through measured there: its 30,000 distinct tokens go through workerd's in-process KV and
// the demo shop's D1, and whichever case ran next paid for it (docs/performance.md, "Third pass").
// The four `timed` cases carry the two 0.95 targets and get the round's time; the others, whose
// targets are multiples or reports, get a short share of it (bench/run.mjs, `plan`).

export const API = '/api/rest/v2'
// A customer route without an id in the path (own data only; no ownership lookup to skew it).
export const CUSTOMER_PATH = `${API}/customers/me/orders`
// A public route; the pass-through baseline for public_vs_passthrough uses the same path.
export const PUBLIC_PATH = `${API}/stores/currencies`
// A catalogue read the demo shop marks `public, max-age=60` (demo/origin/src/caching.ts).
export const CATALOGUE_PATH = `${API}/products/1`
// A fixed client address: the gateway reads CF-Connecting-IP, which workerd's direct socket leaves unset.
const BASE_HEADERS = { 'cf-connecting-ip': '203.0.113.7', accept: 'application/json' }
// The demo shop answers these after 100 ms, like a slow shop far away.
// A catalogue answer the demo shop marks public, as a shop's catalogue is (its echo is private otherwise).
const SLOW_SHOP = { ...BASE_HEADERS, 'x-demo-delay-ms': '100', 'x-demo-cache': 'public' }

/**
 * @param t {hot, cold: string[], forged}: tokens; urls: {worker name: URL}
 * @returns case list: {name, worker, expect, request, wiredCheck}
 */
export function httpCases({ tokens, urls, originName }) {
  let next = 0
  let missed = 0
  const run = Date.now().toString(36)
  const bearer = (token) => ({ ...BASE_HEADERS, authorization: `Bearer ${token}` })
  return [
    // The demo shop checks the Bearer itself, as the shop does behind the gateway.
    { name: 'origin', url: urls[originName], expect: 200, request: { method: 'GET', path: CUSTOMER_PATH, headers: bearer(tokens.hot) }, needs: 'origin' },
    // The same request as gateway_warm, token included: the pass-through forwards Authorization
    // unchanged, so the origin receives (and echoes) the same headers in both cases.
    {
      name: 'passthrough',
      url: urls['bench-passthrough'],
      expect: 200,
      timed: true,
      request: { method: 'GET', path: CUSTOMER_PATH, headers: bearer(tokens.hot) },
      needs: 'origin',
    },
    {
      name: 'gateway_warm',
      url: urls.gatehouse,
      expect: 200,
      timed: true,
      request: { method: 'GET', path: CUSTOMER_PATH, headers: bearer(tokens.hot) },
      needs: 'gateway',
    },
    {
      name: 'passthrough_public',
      url: urls['bench-passthrough'],
      expect: 200,
      timed: true,
      request: { method: 'GET', path: PUBLIC_PATH, headers: BASE_HEADERS },
      needs: 'origin',
    },
    {
      name: 'gateway_public',
      url: urls.gatehouse,
      expect: 200,
      timed: true,
      request: { method: 'GET', path: PUBLIC_PATH, headers: BASE_HEADERS },
      needs: 'gateway',
    },
    // The edge cache in front of a shop that takes 100 ms: switched off, on but every read a new
    // key (a MISS, then kept), and on with one key (a HIT after the first).
    {
      name: 'slow_shop_cache_off',
      url: urls['gatehouse-nocache'],
      expect: 200,
      request: { method: 'GET', path: CATALOGUE_PATH, headers: SLOW_SHOP },
      needs: 'gateway',
    },
    {
      name: 'slow_shop_cache_miss',
      url: urls.gatehouse,
      expect: 200,
      needs: 'gateway',
      request: {
        method: 'GET',
        path: CATALOGUE_PATH,
        headers: SLOW_SHOP,
        setupRequest: (req) => ({ ...req, path: `${CATALOGUE_PATH}?miss=${run}-${missed++}` }),
      },
    },
    {
      name: 'slow_shop_cache_hit',
      url: urls.gatehouse,
      expect: 200,
      request: { method: 'GET', path: `${CATALOGUE_PATH}?hit=${run}`, headers: SLOW_SHOP },
      needs: 'gateway',
    },
    {
      name: 'gateway_refuse_no_token',
      url: urls.gatehouse,
      expect: 401,
      request: { method: 'GET', path: CUSTOMER_PATH, headers: BASE_HEADERS },
      needs: 'gateway',
    },
    {
      name: 'gateway_refuse_forged',
      url: urls.gatehouse,
      expect: 401,
      request: { method: 'GET', path: CUSTOMER_PATH, headers: bearer(tokens.forged) },
      needs: 'gateway',
    },
    // The cold case's baseline: the pass-through's request again, measured in the cold case's rounds.
    {
      name: 'passthrough_cold',
      url: urls['bench-passthrough'],
      expect: 200,
      ownRounds: true,
      request: { method: 'GET', path: CUSTOMER_PATH, headers: bearer(tokens.hot) },
      needs: 'origin',
    },
    {
      name: 'gateway_cold',
      url: urls.gatehouse,
      expect: 200,
      needs: 'gateway',
      ownRounds: true,
      request: {
        method: 'GET',
        path: CUSTOMER_PATH,
        headers: BASE_HEADERS,
        setupRequest: (req) => {
          const token = tokens.cold[next++ % tokens.cold.length]
          return { ...req, headers: bearer(token) }
        },
      },
      tokensUsed: () => next,
    },
  ]
}

/**
 * Sends one request of the case and says why it cannot be measured, or undefined when it can.
 * A 200 must come from the origin (its body says `"demo": true`); a 401 must be the shop's
 * error body.
 */
export async function probe(kase, request = kase.request) {
  const req = request.setupRequest ? request.setupRequest({ ...request }) : request
  let res
  try {
    res = await fetch(new URL(req.path, kase.url), { method: req.method, headers: req.headers })
  } catch (error) {
    return `${req.method} ${req.path} failed: ${error.message}`
  }
  const text = await res.text()
  let body
  try {
    body = JSON.parse(text)
  } catch {
    body = undefined
  }
  const proxied = res.status === 200 && body?.demo === true
  const refused = res.status === 401 && body?.code === 401 && typeof body.error === 'string'
  if ((kase.expect === 200 && proxied) || (kase.expect === 401 && refused)) return undefined
  const what = `${req.method} ${req.path} answered ${res.status} ${body?.error ?? text.slice(0, 60)}`
  // The foundation's gateway answers 404 to everything until the policy and proxy are wired.
  return kase.needs === 'gateway' && res.status === 404 ? `gateway not wired yet (${what})` : `unexpected answer: ${what}`
}
