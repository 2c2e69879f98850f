// In-isolate micro-benchmarks: `GET /<case>?n=N` runs one project function N times inside workerd
// and answers {n, elapsed_ms}. workerd's clocks advance only in whole milliseconds here (and not
// at all inside a request at the edge), so a single call reads as 0: the harness picks N large
// enough that the loop takes hundreds of milliseconds and divides, and cross-checks with the
// workerd process's CPU time. Setup (a token, a compiled table) happens before the clock starts.
// `GET /hash-password?password=…` hashes with the project's own PBKDF2 (for login accounts).
import app from '../src/index'
import { readConfig } from '../src/config/config'
import type { Env } from '../src/core/env'
import { hashPassword } from '../src/auth/passwords'
import { verifyToken } from '../src/auth/tokens'
import { resolveRoute } from '../src/gateway/resolve-route'
import { forwardToOrigin } from '../src/proxy/forward'
import { compileRouteTable } from '../src/policy/compile-route-table'
import { defaultRouteTable, routeMatcher } from '../src/policy/route-matcher'
import { parseRouteTable } from '../src/policy/parse-route-table'
import type { RouteMatcher } from '../src/policy/types'

type MicroCase = (n: number, env: Env, url: URL) => Promise<void>

// Requests as a shop client sends them: catalogue reads, customer data, cart and admin writes,
// and one path no route matches (default deny).
const SHOP_PATHS: ReadonlyArray<readonly [string, string]> = [
  ['GET', '/products/42'],
  ['GET', '/customers/me/orders'],
  ['GET', '/customers/me/addresses/7'],
  ['POST', '/carts/0123456789abcdef0123456789abcdef/items'],
  ['GET', '/orders/1001/invoices/3/pdf'],
  ['PUT', '/products/42'],
  ['GET', '/stores/currencies'],
  ['GET', '/no/such/route'],
]

const GENERATED_ROUTES = 10_000

// The shop's table plus generated rules up to 10,000: half under new top-level resources, half as
// siblings under /products/{productId}, so both the root and an inner node of the trie grow wide.
function tenThousandRoutes(): RouteMatcher {
  const shop = parseRouteTable(defaultRouteTable)
  const rows: string[] = [defaultRouteTable]
  for (let i = 0; shop.length + i < GENERATED_ROUTES; i++) {
    rows.push(i % 2 === 0 ? `GET\t/generated${i}/{id}/items\tcustomer\tgenerated${i}/read` : `GET\t/products/{productId}/attribute${i}\tadmin\tproducts/read`)
  }
  const rules = parseRouteTable(rows.join('\n'))
  if (rules.length !== GENERATED_ROUTES) throw new Error(`expected ${GENERATED_ROUTES} routes, got ${rules.length}`)
  return compileRouteTable(rules)
}

let big: RouteMatcher | undefined

function matchLoop(matcher: RouteMatcher, n: number): void {
  let matched = 0
  for (let i = 0; i < n; i++) {
    const [method, path] = SHOP_PATHS[i % SHOP_PATHS.length]!
    if (matcher.match(method, path).kind === 'matched') matched++
  }
  if (matched === 0) throw new Error('no path matched: the benchmark paths are out of date')
}

// The whole Worker on a public GET against an origin that answers at once from memory, so only
// gatehouse's own work is timed: as deployed (allowed requests write no log line), with
// LOG_REQUESTS=all, and the pass-through's proxy call alone for comparison.
const instantOrigin = { fetch: async () => new Response('{"demo":true}', { headers: { 'content-type': 'application/json' } }) }
const instant = (env: Env, vars: Partial<Env>): Env => ({ ...env, ...vars, ORIGIN: instantOrigin as unknown as Fetcher })
const PUBLIC_URL = 'http://bench.test/api/rest/v2/stores/currencies'
const CUSTOMER_URL = 'http://bench.test/api/rest/v2/customers/me/orders'
const CLIENT = { 'cf-connecting-ip': '203.0.113.7', accept: 'application/json' }
const noContext = { waitUntil() {}, passThroughOnException() {}, props: {} } as unknown as ExecutionContext
const envs = new Map<string, Env>()
const envFor = (env: Env, name: string, vars: Partial<Env> = {}): Env => {
  let found = envs.get(name)
  if (!found) {
    found = instant(env, vars)
    envs.set(name, found)
  }
  return found
}

async function appLoop(n: number, env: Env, url = PUBLIC_URL, headers: Record<string, string> = CLIENT): Promise<void> {
  for (let i = 0; i < n; i++) {
    const res = await app.fetch(new Request(url, { headers }), env, noContext)
    if (res.status !== 200) throw new Error(`GET ${url} answered ${res.status}`)
    await res.arrayBuffer()
  }
}

const CASES: Record<string, MicroCase | undefined> = {
  async app_public(n, env) {
    await appLoop(n, envFor(env, 'as deployed'))
  },
  // The warm authorised GET (one hot token, verified and checked for revocation through the isolate's caches).
  async app_warm(n, env, url) {
    await appLoop(n, envFor(env, 'as deployed'), CUSTOMER_URL, { ...CLIENT, authorization: `Bearer ${url.searchParams.get('token') ?? ''}` })
  },
  async app_public_logged(n, env) {
    await appLoop(n, envFor(env, 'logged', { LOG_REQUESTS: 'all' }))
  },
  async proxy_public(n, env) {
    const e = envFor(env, 'as deployed')
    const config = readConfig(e)
    for (let i = 0; i < n; i++) {
      const request = new Request(PUBLIC_URL, { headers: CLIENT })
      const res = await forwardToOrigin({ request, canonicalPath: new URL(request.url).pathname, principal: undefined, env: e, config })
      await res.arrayBuffer()
    }
  },
  // The one verifier the gateway uses (signature + claims; revocation is separate): key imported
  // once per isolate, so this is the per-request cost.
  async verify(n, env, url) {
    const token = url.searchParams.get('token') ?? ''
    const config = readConfig(env)
    const now = Date.now() / 1000
    for (let i = 0; i < n; i++) await verifyToken(token, config, now)
  },
  async match_shop(n) {
    matchLoop(routeMatcher(), n)
  },
  async match_10k(n) {
    big ??= tenThousandRoutes()
    matchLoop(big, n)
  },
  // What the gateway does per request before auth: canonicalise the raw path, then match.
  async resolve_shop(n) {
    const paths = SHOP_PATHS.slice(0, -1).map(([method, path]) => [method, `/api/rest/v2${path}`] as const)
    for (let i = 0; i < n; i++) {
      const [method, path] = paths[i % paths.length]!
      resolveRoute(method, path, 'main')
    }
  },
}

export default {
  async fetch(request: Request, env: Env): Promise<Response> {
    const url = new URL(request.url)
    if (url.pathname === '/hash-password') {
      return Response.json({ hash: await hashPassword(url.searchParams.get('password') ?? '') })
    }
    const run = CASES[url.pathname.slice(1)]
    if (!run) return Response.json({ error: 'not_available' }, { status: 501 })
    const n = Number(url.searchParams.get('n') ?? '1')
    // Warm the case (compile tables, import the key) before timing.
    await run(1, env, url)
    const started = performance.now()
    await run(n, env, url)
    return Response.json({ n, elapsed_ms: performance.now() - started })
  },
}
