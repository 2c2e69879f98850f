// `npm run bench [-- --quick]`: what gatehouse costs per request, measured side by side in one run.
// Bundles the Workers as wrangler deploys them, runs them on one local workerd through the
// Miniflare API (each on its own loopback port), loads them with autocannon in interleaved rounds
// whose order turns every other round (A B C, C B A, …) so machine noise and a case's place in the
// round cancel, then times token verification and route matching
// in-isolate, a customer login per hash format and a shop-only customer's first and second login. Prints a table; writes bench/last-run.json and its chart bench/last-run.svg.
import { writeFile } from 'node:fs/promises'
import { cpus, loadavg } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { benchBundles } from './lib/build.mjs'
import { startRuntime } from './lib/runtime.mjs'
import { DEMO_JWT, mintCustomerToken, mintDistinctTokens, forgeToken, mintServiceToken } from './lib/tokens.mjs'
import { httpCases, probe, CUSTOMER_PATH } from './lib/cases.mjs'
import { load, CONNECTIONS } from './lib/load.mjs'
import { measureMicro, MICRO_CASES } from './lib/micro.mjs'
import { measureLogins } from './lib/login.mjs'
import { countKvReads } from './lib/kv-reads.mjs'
import { measurePurge } from './lib/purge.mjs'
import { printReport, renderChart, summarise, writeFiguresTable } from './lib/report.mjs'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const quick = process.argv.includes('--quick')
// `--cases=gateway_warm,gateway_cold` runs only those HTTP cases (plus the pass-through baselines),
// `--no-micro` / `--no-login` leave those parts out, `--rounds=N` (≥ 3) and `--seconds=S` change
// the rounds: for before/after checks. The time limit still applies.
const only = process.argv
  .find((a) => a.startsWith('--cases='))
  ?.slice('--cases='.length)
  .split(',')
const noMicro = process.argv.includes('--no-micro')
const noLogin = process.argv.includes('--no-login')
// An even number of rounds gives each case each place in the round equally often. `seconds` is the
// time of the four cases behind the two 0.95 targets (`timed` in bench/lib/cases.mjs); the others
// get `otherSeconds`. A quick run takes as long as the 4 × 1.5 s rounds of every case it replaces,
// but gives the targets' cases 12 s each instead of 6: one short measurement of the warm pair
// scatters by 10 % and more on this machine (docs/performance.md, "Third pass"), more than the 5 %
// the target must resolve.
const plan = quick
  ? { rounds: 6, seconds: 2, otherSeconds: 0.6, warmup: 0.5, logins: 4, limitSeconds: 170 }
  : { rounds: 6, seconds: 4, otherSeconds: 4, warmup: 1, logins: 10, limitSeconds: 480 }
const numberArg = (name) => Number(process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1]) || undefined
plan.rounds = Math.max(3, numberArg('rounds') ?? plan.rounds)
plan.seconds = numberArg('seconds') ?? plan.seconds
plan.otherSeconds = numberArg('seconds') ?? plan.otherSeconds
const secondsOf = (kase) => (kase.timed ? plan.seconds : plan.otherSeconds)
const startedAt = Date.now()
// The machine may be shared: the load average is reported with the figures.
const loadBefore = loadavg()
  .map((l) => l.toFixed(2))
  .join(' ')
const elapsed = () => `${((Date.now() - startedAt) / 1000).toFixed(0)}s`
const log = (line) => console.log(`[${elapsed()}] ${line}`)

// Bounded in time whatever happens: a stuck run stops itself.
setTimeout(() => {
  console.error(`bench: stopped after ${plan.limitSeconds}s (time limit)`)
  process.exit(2)
}, plan.limitSeconds * 1000).unref()

const env = { ...process.env, CLOUDFLARE_CF_FETCH_ENABLED: 'false', WRANGLER_SEND_METRICS: 'false', WRANGLER_LOG: 'warn' }
process.env.CLOUDFLARE_CF_FETCH_ENABLED = 'false'
process.env.WRANGLER_SEND_METRICS = 'false'

log(`bundling with wrangler (dry run) …`)
const { production, ...bundles } = await benchBundles(root, env, { production: true })

log(`production bundle: ${production.upload ? `${production.upload.kib} KiB, gzip ${production.upload.gzip_kib} KiB` : 'size not reported by wrangler'}`)
log('starting workerd (Miniflare), applying migrations + demo seed …')
const runtime = await startRuntime(root, bundles)
const { urls, workerdPid } = runtime
if (workerdPid === undefined) log('workerd pid not found (no /proc?): CPU µs/request will be blank')

const jwt = DEMO_JWT
const coldCount = quick ? 30_000 : 120_000
log(`minting ${coldCount} distinct customer tokens for the cold case …`)
const tokens = {
  hot: await mintCustomerToken({ ...jwt, customerId: 1 }),
  forged: await forgeToken(jwt),
  cold: await mintDistinctTokens(jwt, coldCount),
}
// The demo shop re-checks every token's customer: it gets the customers of the distinct tokens
// (the cold case's and the KV count's), which can hold tokens but never log in.
for (const [fromId, count] of [
  [100_000, coldCount],
  [900_000, 1000],
]) {
  const res = await fetch(new URL('/__demo/shop/customers/bulk', urls[runtime.originName]), { method: 'POST', body: JSON.stringify({ fromId, count }) })
  if (!res.ok) throw new Error(`demo shop refused the bench customers: ${res.status} ${await res.text()}`)
}

const skipped = {}
const cases = []
for (const kase of httpCases({ tokens, urls, originName: runtime.originName })) {
  if (only && !only.includes(kase.name) && !kase.name.startsWith('passthrough')) continue
  if (kase.name === 'passthrough_cold' && only && !only.includes('gateway_cold')) continue
  const reason = await probe(kase)
  if (reason) {
    skipped[kase.name] = `skipped: ${reason}`
    log(`${kase.name}: skipped: ${reason}`)
  } else {
    cases.push(kase)
  }
}

log(`warm-up: ${cases.length} cases × ${plan.warmup}s`)
for (const kase of cases) await load({ url: kase.url, request: kase.request, seconds: plan.warmup, expect: kase.expect, workerdPid })

// The cases that share rounds first, then the cold case's own rounds beside its baseline
// (`ownRounds` in bench/lib/cases.mjs); round r of both is one entry of `rounds`.
const rounds = Array.from({ length: plan.rounds }, () => ({}))
for (const group of [cases.filter((c) => !c.ownRounds), cases.filter((c) => c.ownRounds)]) {
  for (let r = 0; r < (group.length ? plan.rounds : 0); r++) {
    const round = rounds[r]
    // Every other round runs the cases backwards: a case late in a round (after the others have
    // grown workerd's heap and D1's files) is as often early, so its place does not bias its ratio.
    for (const kase of r % 2 === 0 ? group : [...group].reverse()) {
      round[kase.name] = await load({ url: kase.url, request: kase.request, seconds: secondsOf(kase), expect: kase.expect, workerdPid })
      if (round[kase.name].wrong || round[kase.name].errors) {
        log(`${kase.name}: ${round[kase.name].wrong} unexpected answers ${JSON.stringify(round[kase.name].byStatus)}, ${round[kase.name].errors} errors`)
      }
    }
    log(`round ${r + 1}/${plan.rounds}: ${group.map((c) => `${c.name} ${Math.round(round[c.name].rps)}/s`).join(', ')}`)
  }
}
const cold = cases.find((c) => c.name === 'gateway_cold')

let kvReads = null
if (cases.some((c) => c.name === 'gateway_warm')) {
  log('counting KV reads per request (counting copy of the gateway) …')
  kvReads = await countKvReads({
    gatewayUrl: urls['bench-gatehouse-counted'],
    counterUrl: urls['bench-kv-counter'],
    hot: tokens.hot,
    mintFresh: (n) => mintDistinctTokens({ ...jwt, firstId: 900_000 }, n),
    path: CUSTOMER_PATH,
  })
}

let purge = { skipped: 'skipped: --cases without the cache cases' }
if (cases.some((c) => c.name === 'slow_shop_cache_hit')) {
  log('purge: timing purges one at a time, counting the purge check on cached reads …')
  purge = await measurePurge({
    gatewayUrl: urls.gatehouse,
    countedUrl: urls['bench-gatehouse-counted'],
    counterUrl: urls['bench-kv-counter'],
    adminToken: await mintServiceToken(jwt),
    purges: quick ? 10 : 30,
  })
  log(`purge: ${purge.skipped ?? `${purge.ms.toFixed(1)} ms median, ${purge.kv_ops_per_cached_read} KV operations per cached read`}`)
}

const microResults = {}
for (const name of noMicro ? [] : MICRO_CASES) {
  microResults[name] = await measureMicro({
    url: urls['bench-micro'],
    name,
    workerdPid,
    quick,
    query: name === 'verify' || name === 'app_warm' ? `&token=${tokens.hot}` : '',
  })
  log(`${name}: ${microResults[name].skipped ?? `${microResults[name].us.toFixed(2)} µs/call (n=${microResults[name].n})`}`)
}

log(`customer logins (${plan.logins} per hash format, ${plan.logins} shop-only customers twice each, sequential) …`)
const logins = noLogin
  ? { skipped: 'skipped: --no-login' }
  : await measureLogins({ url: urls.gatehouse, originUrl: urls[runtime.originName], microUrl: urls['bench-micro'], db: runtime.db, perFormat: plan.logins })

await runtime.mf.dispose()

const meta = {
  command: `npm run bench${process.argv.length > 2 ? ` -- ${process.argv.slice(2).join(' ')}` : ''}`,
  date: new Date().toISOString(),
  node: process.version,
  cpus: `${cpus().length} × ${cpus()[0]?.model ?? '?'}`,
  connections: CONNECTIONS,
  rounds: plan.rounds,
  seconds_per_case: plan.seconds,
  seconds_per_other_case: plan.otherSeconds,
  cold_tokens: { minted: tokens.cold.length, used: cold?.tokensUsed() ?? 0 },
  duration_s: Math.round((Date.now() - startedAt) / 1000),
  load_before: loadBefore,
  load_after: loadavg()
    .map((l) => l.toFixed(2))
    .join(' '),
}
const { summary, detail } = summarise({ cases, rounds, skipped, kvReads, microResults, logins, purge, bundle: production.upload, meta })
printReport({ summary, detail })
// The docs' figures table comes from full runs of every case only.
if (!quick && !only && !noMicro && !noLogin && !numberArg('rounds') && !numberArg('seconds')) {
  await writeFiguresTable(join(root, 'docs/performance-figures.md'), { summary, detail })
  log('wrote docs/performance-figures.md')
}
await writeFile(join(root, 'bench/last-run.json'), `${JSON.stringify(summary, null, 2)}\n`)
await writeFile(join(root, 'bench/last-run.detail.json'), `${JSON.stringify(detail, null, 2)}\n`)
// The ratios with their ranges as a chart beside the JSON (shown in docs/performance.md).
await writeFile(join(root, 'bench/last-run.svg'), renderChart({ summary, detail }))
log('wrote bench/last-run.json, bench/last-run.detail.json and bench/last-run.svg')
process.exit(0)
