// Turns the raw rounds into medians and per-round ratios, prints the table and the performance
// targets (docs/performance.md), and shapes bench/last-run.json plus a detail file.
import { median } from './micro.mjs'

// The baseline each case is divided by: the pass-through worker on the same path.
const BASELINE = { gateway_public: 'passthrough_public' }
const baselineOf = (name) => BASELINE[name] ?? 'passthrough'

const round2 = (x) => (x === null || x === undefined ? null : Math.round(x * 100) / 100)
const round3 = (x) => (x === null || x === undefined ? null : Math.round(x * 1000) / 1000)

function caseStats(rounds, name) {
  const pick = (key) => {
    const values = rounds.map((r) => r[name][key]).filter((v) => v !== null && v !== undefined)
    return values.length ? median(values) : null
  }
  return { rps: Math.round(pick('rps')), p50_ms: round2(pick('p50_ms')), p99_ms: round2(pick('p99_ms')), cpu_us_per_req: pick('cpu_us_per_req') === null ? null : Math.round(pick('cpu_us_per_req')) }
}

function ratio(rounds, name) {
  const base = baselineOf(name)
  if (!rounds.length || !(name in rounds[0]) || !(base in rounds[0])) return null
  const perRound = rounds.map((r) => r[name].rps / r[base].rps)
  return { median: round3(median(perRound)), min: round3(Math.min(...perRound)), max: round3(Math.max(...perRound)), of: base }
}

const microUs = (m) => (m && !m.skipped ? round2(m.us) : null)
const loginMs = (l) => (l && !l.skipped ? round2(l.ms) : null)

export function summarise({ cases, rounds, skipped, kvReads, microResults, logins, meta }) {
  const names = cases.map((c) => c.name)
  const stats = Object.fromEntries(names.map((n) => [n, caseStats(rounds, n)]))
  const ratios = Object.fromEntries(names.filter((n) => n !== 'passthrough' && n !== 'passthrough_public').map((n) => [n, ratio(rounds, n)]))
  const summary = {
    cases: stats,
    ratios: {
      gateway_vs_passthrough: ratios.gateway_warm?.median ?? null,
      gateway_cold_vs_passthrough: ratios.gateway_cold?.median ?? null,
      public_vs_passthrough: ratios.gateway_public?.median ?? null,
    },
    login_ms: logins.skipped
      ? { pbkdf2: null, bcrypt10: null, md5_salted: null }
      : { pbkdf2: loginMs(logins.pbkdf2), bcrypt10: loginMs(logins.bcrypt10), md5_salted: loginMs(logins.md5_salted) },
    verify_us: microUs(microResults.verify),
    match_us: { shop_table: microUs(microResults.match_shop), '10k_routes': microUs(microResults.match_10k) },
    kv_reads_per_request: { warm: kvReads?.warm ?? null, cold: kvReads?.cold ?? null },
  }
  const detail = { meta, skipped, ratios, kv: kvReads, micro: microResults, logins, rounds: rounds.map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, { ...v, rps: Math.round(v.rps), cpu_us_per_req: v.cpu_us_per_req === null ? null : Math.round(v.cpu_us_per_req) }]))) }
  detail.targets = targets(summary, detail)
  return { summary, detail }
}

function targets(s, d) {
  const verdict = (value, ok) => (value === null || value === undefined ? 'not measured' : ok ? 'met' : 'NOT met')
  const r = s.ratios
  const m = s.match_us
  return [
    ['public GET ≥ 0.95 × pass-through', r.public_vs_passthrough, verdict(r.public_vs_passthrough, r.public_vs_passthrough >= 0.95)],
    ['warm authorised GET ≥ 0.6 × pass-through', r.gateway_vs_passthrough, verdict(r.gateway_vs_passthrough, r.gateway_vs_passthrough >= 0.6)],
    ['cold authorised GET (report)', r.gateway_cold_vs_passthrough, r.gateway_cold_vs_passthrough === null ? 'not measured' : 'reported'],
    ['cold: one KV operation per request', s.kv_reads_per_request.cold, verdict(s.kv_reads_per_request.cold, s.kv_reads_per_request.cold <= 1)],
    ['token verification < 50 µs', s.verify_us, verdict(s.verify_us, s.verify_us < 50)],
    ['route matching < 5 µs (shop table)', m.shop_table, verdict(m.shop_table, m.shop_table < 5)],
    ['10,000 routes ≤ 2× shop table', m['10k_routes'], verdict(m['10k_routes'], m.shop_table !== null && m['10k_routes'] <= 2 * Math.max(m.shop_table, 0.01))],
    ['PBKDF2 customer login < 20 ms', s.login_ms.pbkdf2, verdict(s.login_ms.pbkdf2, s.login_ms.pbkdf2 < 20)],
    ['legacy hash verified at most once', d.logins?.upgradedFormat ? 'upgraded' : null, d.logins?.skipped ? 'not measured' : d.logins?.upgradedFormat ? 'met (replaced on first login)' : 'NOT met (md5 still stored after login)'],
  ]
}

const pad = (v, w, right = true) => {
  const s = v === null || v === undefined ? '–' : String(v)
  return right ? s.padStart(w) : s.padEnd(w)
}

export function printReport({ summary, detail }) {
  const { meta } = detail
  console.log(`\ngatehouse benchmark — ${meta.command} — ${meta.date}`)
  console.log(`${meta.cpus}, Node ${meta.node}, ${meta.connections} connections, ${meta.rounds} interleaved rounds × ${meta.seconds_per_case}s per case; medians over rounds\n`)
  console.log(`${pad('case', 26, false)}${pad('req/s', 8)}${pad('p50 ms', 9)}${pad('p99 ms', 9)}${pad('CPU µs/req', 12)}   ratio to pass-through (median [min–max])`)
  for (const [name, c] of Object.entries(summary.cases)) {
    const r = detail.ratios[name]
    const ratioText = r ? `${r.median.toFixed(2)} [${r.min.toFixed(2)}–${r.max.toFixed(2)}]${r.of === 'passthrough' ? '' : ` of ${r.of}`}` : name.startsWith('passthrough') ? '1 (baseline)' : ''
    console.log(`${pad(name, 26, false)}${pad(c.rps, 8)}${pad(c.p50_ms, 9)}${pad(c.p99_ms, 9)}${pad(c.cpu_us_per_req, 12)}   ${ratioText}`)
  }
  for (const reason of Object.entries(detail.skipped)) console.log(`${pad(reason[0], 26, false)}${reason[1]}`)
  console.log('\nCPU µs/req is the whole workerd process (origin included) ÷ requests served.')
  const micro = detail.micro
  for (const [name, m] of Object.entries(micro)) {
    console.log(`${pad(name, 26, false)}${m.skipped ?? `${m.us.toFixed(2)} µs/call [${m.range[0].toFixed(2)}–${m.range[1].toFixed(2)}], CPU ${m.cpu_us === null ? '–' : m.cpu_us.toFixed(2)} µs/call, n=${m.n}`}`)
  }
  const l = detail.logins
  if (l.skipped) console.log(`${pad('login', 26, false)}${l.skipped}`)
  else for (const f of ['pbkdf2', 'bcrypt10', 'md5_salted']) console.log(`${pad(`login ${f}`, 26, false)}${l[f].skipped ?? `${l[f].ms.toFixed(1)} ms median [${l[f].range[0].toFixed(1)}–${l[f].range[1].toFixed(1)}], n=${l[f].n}`}`)
  if (l.upgradedFormat) console.log(`${pad('', 26, false)}legacy md5 upgraded on first login to: ${l.upgradedFormat}`)
  const kv = detail.kv
  console.log(`${pad('KV reads / request', 26, false)}${kv ? `warm ${kv.warm} (${kv.warm_keys} keys), cold ${kv.cold} (${kv.cold_keys} keys)` : '– (gateway not wired yet)'}`)
  console.log('\nTargets:')
  for (const [what, value, verdict] of detail.targets) console.log(`  ${pad(what, 44, false)}${pad(value, 10)}  ${verdict}`)
  console.log(`\ncold tokens: ${meta.cold_tokens.minted} minted, ${meta.cold_tokens.used} used${meta.cold_tokens.used > meta.cold_tokens.minted ? ' (some reused; each reuse comes ≥ minted ÷ rate seconds later)' : ''}; run took ${meta.duration_s}s`)
}
