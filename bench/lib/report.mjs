// Turns the raw rounds into medians and per-round ratios, prints the table and the performance
// targets (docs/performance.md), shapes bench/last-run.json plus a detail file, and writes the
// figures table of docs/performance-figures.md.
import { readFile, writeFile } from 'node:fs/promises'
import { median } from './micro.mjs'

// The baseline each case is divided by: the pass-through worker on the same path, and for the
// edge cache cases the same gateway with the cache off in front of the same slow shop.
const BASELINE = {
  gateway_public: 'passthrough_public',
  gateway_cold: 'passthrough_cold',
  slow_shop_cache_miss: 'slow_shop_cache_off',
  slow_shop_cache_hit: 'slow_shop_cache_off',
}
const BASELINES = new Set(['passthrough', 'passthrough_public', 'passthrough_cold', 'slow_shop_cache_off'])
const baselineOf = (name) => BASELINE[name] ?? 'passthrough'

// What each case is, for the printed table and the docs.
export const CASE_TITLES = {
  origin: 'origin alone (demo shop)',
  passthrough: 'pass-through Worker (the same proxy code, no auth, no policy)',
  passthrough_public: 'pass-through, public path',
  passthrough_cold: "pass-through, measured in the cold case's rounds",
  gateway_warm: 'gateway, authorised GET, one hot token (warm)',
  gateway_cold: 'gateway, authorised GET, a new token every request (cold)',
  gateway_public: 'gateway, public GET (an answer the shop does not mark cacheable)',
  gateway_refuse_no_token: 'gateway refusing: no token on a customer route (401)',
  gateway_refuse_forged: 'gateway refusing: forged token (401)',
  slow_shop_cache_off: 'catalogue GET, shop takes 100 ms, edge cache off',
  slow_shop_cache_miss: 'catalogue GET, shop takes 100 ms, cache on, every read a new key (MISS)',
  slow_shop_cache_hit: 'catalogue GET, shop takes 100 ms, cache on, one key (HIT)',
}

// "2 s per case (0.6 s for the cases without a 0.95 target)", or "4 s per case" when they are equal.
const perCase = (meta, unit) =>
  `${meta.seconds_per_case}${unit} per case${meta.seconds_per_other_case === undefined || meta.seconds_per_other_case === meta.seconds_per_case ? '' : ` (${meta.seconds_per_other_case}${unit} for the cases without a 0.95 target)`}`
const round2 = (x) => (x === null || x === undefined ? null : Math.round(x * 100) / 100)
const round3 = (x) => (x === null || x === undefined ? null : Math.round(x * 1000) / 1000)

function caseStats(rounds, name) {
  const pick = (key) => {
    const values = rounds.map((r) => r[name][key]).filter((v) => v !== null && v !== undefined)
    return values.length ? median(values) : null
  }
  return {
    rps: Math.round(pick('rps')),
    p50_ms: round2(pick('p50_ms')),
    p99_ms: round2(pick('p99_ms')),
    cpu_us_per_req: pick('cpu_us_per_req') === null ? null : Math.round(pick('cpu_us_per_req')),
  }
}

function ratio(rounds, name) {
  const base = baselineOf(name)
  if (!rounds.length || !(name in rounds[0]) || !(base in rounds[0])) return null
  const perRound = rounds.map((r) => r[name].rps / r[base].rps)
  return { median: round3(median(perRound)), min: round3(Math.min(...perRound)), max: round3(Math.max(...perRound)), of: base }
}

const microUs = (m) => (m && !m.skipped ? round2(m.us) : null)
const microCpu = (m) => (m && !m.skipped ? round2(m.cpu_us ?? m.us) : null)
const LOGIN_CASES = ['pbkdf2', 'bcrypt10', 'md5_salted', 'shop_fallback_first', 'edge_copy_after_fallback']
const loginMs = (l) => (l && !l.skipped ? round2(l.ms) : null)

export function summarise({ cases, rounds, skipped, kvReads, microResults, logins, purge, bundle, meta }) {
  const names = cases.map((c) => c.name)
  const stats = Object.fromEntries(names.map((n) => [n, caseStats(rounds, n)]))
  const ratios = Object.fromEntries(names.filter((n) => !BASELINES.has(n)).map((n) => [n, ratio(rounds, n)]))
  const off = stats.slow_shop_cache_off
  const hit = stats.slow_shop_cache_hit
  const summary = {
    cases: stats,
    ratios: {
      gateway_vs_passthrough: ratios.gateway_warm?.median ?? null,
      gateway_cold_vs_passthrough: ratios.gateway_cold?.median ?? null,
      public_vs_passthrough: ratios.gateway_public?.median ?? null,
      refuse_no_token_vs_passthrough: ratios.gateway_refuse_no_token?.median ?? null,
      refuse_forged_vs_passthrough: ratios.gateway_refuse_forged?.median ?? null,
    },
    edge_cache: {
      hit_p50_vs_off: off && hit && off.p50_ms ? round3(hit.p50_ms / off.p50_ms) : null,
      hit_rps_vs_off: ratios.slow_shop_cache_hit?.median ?? null,
      miss_rps_vs_off: ratios.slow_shop_cache_miss?.median ?? null,
      purge_ms: purge && !purge.skipped ? round2(purge.ms) : null,
      kv_ops_per_cached_read: purge && !purge.skipped ? purge.kv_ops_per_cached_read : null,
    },
    bundle_kib: bundle ? { upload: bundle.kib, gzip: bundle.gzip_kib } : { upload: null, gzip: null },
    // In-isolate CPU per public GET against an instant origin (bench/micro.ts): what the gateway adds
    // to the pass-through's proxy call, and what LOG_REQUESTS=all's line adds on top.
    public_get_cpu_us: {
      proxy_alone: microCpu(microResults.proxy_public),
      gateway: microCpu(microResults.app_public),
      gateway_logging_all: microCpu(microResults.app_public_logged),
    },
    // The shop fallback: a shop-only customer's first login (asked of the demo shop) and the same
    // customer's second login (answered from the PBKDF2 copy the first one stored).
    login_ms: Object.fromEntries(LOGIN_CASES.map((name) => [name, logins.skipped ? null : loginMs(logins[name])])),
    verify_us: microUs(microResults.verify),
    match_us: { shop_table: microUs(microResults.match_shop), '10k_routes': microUs(microResults.match_10k) },
    kv_reads_per_request: { warm: kvReads?.warm ?? null, cold: kvReads?.cold ?? null },
  }
  const detail = {
    meta,
    skipped,
    ratios,
    kv: kvReads,
    micro: microResults,
    logins,
    purge,
    rounds: rounds.map((r) =>
      Object.fromEntries(
        Object.entries(r).map(([k, v]) => [
          k,
          { ...v, rps: Math.round(v.rps), cpu_us_per_req: v.cpu_us_per_req === null ? null : Math.round(v.cpu_us_per_req) },
        ]),
      ),
    ),
  }
  detail.targets = targets(summary, detail)
  return { summary, detail }
}

function targets(s, d) {
  const verdict = (value, ok) => (value === null || value === undefined ? 'not measured' : ok ? 'met' : 'NOT met')
  const r = s.ratios
  const m = s.match_us
  const c = s.edge_cache
  return [
    ['public GET ≥ 0.95 × pass-through', r.public_vs_passthrough, verdict(r.public_vs_passthrough, r.public_vs_passthrough >= 0.95)],
    [
      'refused, no token ≥ 0.95 × pass-through',
      r.refuse_no_token_vs_passthrough,
      verdict(r.refuse_no_token_vs_passthrough, r.refuse_no_token_vs_passthrough >= 0.95),
    ],
    [
      'refused, forged token ≥ 0.95 × pass-through',
      r.refuse_forged_vs_passthrough,
      verdict(r.refuse_forged_vs_passthrough, r.refuse_forged_vs_passthrough >= 0.95),
    ],
    ['warm authorised GET ≥ 0.95 × pass-through', r.gateway_vs_passthrough, verdict(r.gateway_vs_passthrough, r.gateway_vs_passthrough >= 0.95)],
    ['cached p50 ≤ 10 % of uncached (slow shop)', c.hit_p50_vs_off, verdict(c.hit_p50_vs_off, c.hit_p50_vs_off <= 0.1)],
    ['cached req/s ≥ 5 × uncached (slow shop)', c.hit_rps_vs_off, verdict(c.hit_rps_vs_off, c.hit_rps_vs_off >= 5)],
    ['production bundle ≤ 300 KiB', s.bundle_kib.upload, verdict(s.bundle_kib.upload, s.bundle_kib.upload <= 300)],
    ['cold authorised GET (report)', r.gateway_cold_vs_passthrough, r.gateway_cold_vs_passthrough === null ? 'not measured' : 'reported'],
    ['cold: one KV operation per request', s.kv_reads_per_request.cold, verdict(s.kv_reads_per_request.cold, s.kv_reads_per_request.cold <= 1)],
    ['token verification < 50 µs', s.verify_us, verdict(s.verify_us, s.verify_us < 50)],
    ['route matching < 5 µs (shop table)', m.shop_table, verdict(m.shop_table, m.shop_table < 5)],
    ['10,000 routes ≤ 2× shop table', m['10k_routes'], verdict(m['10k_routes'], m.shop_table !== null && m['10k_routes'] <= 2 * Math.max(m.shop_table, 0.01))],
    ['PBKDF2 customer login < 20 ms', s.login_ms.pbkdf2, verdict(s.login_ms.pbkdf2, s.login_ms.pbkdf2 < 20)],
    [
      'legacy hash verified at most once',
      d.logins?.upgradedFormat ? 'upgraded' : null,
      d.logins?.skipped ? 'not measured' : d.logins?.upgradedFormat ? 'met (replaced on first login)' : 'NOT met (md5 still stored after login)',
    ],
  ]
}

const pad = (v, w, right = true) => {
  const s = v === null || v === undefined ? '–' : String(v)
  return right ? s.padStart(w) : s.padEnd(w)
}

export function printReport({ summary, detail }) {
  const { meta } = detail
  console.log(`\ngatehouse benchmark — ${meta.command} — ${meta.date}`)
  console.log(
    `${meta.cpus}, Node ${meta.node}, ${meta.connections} connections, ${meta.rounds} interleaved rounds × ${perCase(meta, 's')}; medians over rounds\n`,
  )
  console.log(
    `${pad('case', 26, false)}${pad('req/s', 8)}${pad('p50 ms', 9)}${pad('p99 ms', 9)}${pad('CPU µs/req', 12)}   ratio to pass-through (median [min–max])`,
  )
  for (const [name, c] of Object.entries(summary.cases)) {
    const r = detail.ratios[name]
    const ratioText = r
      ? `${r.median.toFixed(2)} [${r.min.toFixed(2)}–${r.max.toFixed(2)}]${r.of === 'passthrough' ? '' : ` of ${r.of}`}`
      : BASELINES.has(name)
        ? '1 (baseline)'
        : ''
    console.log(`${pad(name, 26, false)}${pad(c.rps, 8)}${pad(c.p50_ms, 9)}${pad(c.p99_ms, 9)}${pad(c.cpu_us_per_req, 12)}   ${ratioText}`)
  }
  for (const reason of Object.entries(detail.skipped)) console.log(`${pad(reason[0], 26, false)}${reason[1]}`)
  console.log('\nCPU µs/req is the whole workerd process (origin included) ÷ requests served.')
  const micro = detail.micro
  for (const [name, m] of Object.entries(micro)) {
    console.log(
      `${pad(name, 26, false)}${m.skipped ?? `${m.us.toFixed(2)} µs/call [${m.range[0].toFixed(2)}–${m.range[1].toFixed(2)}], CPU ${m.cpu_us === null ? '–' : m.cpu_us.toFixed(2)} µs/call, n=${m.n}`}`,
    )
  }
  const l = detail.logins
  if (l.skipped) console.log(`${pad('login', 26, false)}${l.skipped}`)
  else
    for (const f of LOGIN_CASES)
      console.log(
        `${pad(`login ${f}`, Math.max(26, f.length + 7), false)}${l[f].skipped ?? `${l[f].ms.toFixed(1)} ms median [${l[f].range[0].toFixed(1)}–${l[f].range[1].toFixed(1)}], n=${l[f].n}${l[f].saved_ms === undefined ? '' : `; ${l[f].saved_ms.toFixed(1)} ms less than the first login (median per customer)`}`}`,
      )
  if (l.upgradedFormat) console.log(`${pad('', 26, false)}legacy md5 upgraded on first login to: ${l.upgradedFormat}`)
  const kv = detail.kv
  console.log(
    `${pad('KV reads / request', 26, false)}${kv ? `warm ${kv.warm} (${kv.warm_keys} keys), cold ${kv.cold} (${kv.cold_keys} keys)` : '– (gateway not wired yet)'}`,
  )
  const purge = detail.purge
  console.log(
    `${pad('edge cache purge', 26, false)}${purge?.skipped ?? (purge ? `${purge.ms.toFixed(1)} ms per purge median [${purge.range[0].toFixed(1)}–${purge.range[1].toFixed(1)}], n=${purge.n}; ${purge.kv_ops_per_cached_read} KV operations per cached read (n=${purge.reads})` : '–')}`,
  )
  console.log(
    `${pad('production bundle', 26, false)}${summary.bundle_kib.upload === null ? '–' : `${summary.bundle_kib.upload} KiB, gzip ${summary.bundle_kib.gzip} KiB (wrangler deploy --dry-run --env production)`}`,
  )
  console.log('\nTargets:')
  for (const [what, value, verdict] of detail.targets) console.log(`  ${pad(what, 44, false)}${pad(value, 10)}  ${verdict}`)
  console.log(`\nload average before the run: ${meta.load_before ?? '–'}, after: ${meta.load_after ?? '–'}`)
  console.log(
    `\ncold tokens: ${meta.cold_tokens.minted} minted, ${meta.cold_tokens.used} used${meta.cold_tokens.used > meta.cold_tokens.minted ? ' (some reused; each reuse comes ≥ minted ÷ rate seconds later)' : ''}; run took ${meta.duration_s}s`,
  )
}

const fmt = (v, digits = 0) =>
  v === null || v === undefined
    ? '–'
    : typeof v === 'number'
      ? v.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits })
      : String(v)

const START = '<!-- figures:start (written by npm run bench; do not edit by hand) -->'
const END = '<!-- figures:end -->'

/** Replaces the figures section of docs/performance-figures.md with the last full run's tables. */
export async function writeFiguresTable(path, { summary, detail }) {
  const { meta } = detail
  const lines = [
    START,
    `Written by \`${meta.command}\` on ${meta.date.slice(0, 10)} (${meta.cpus}, Node ${meta.node}, ${meta.connections} connections, ${meta.rounds} interleaved rounds × ${perCase(meta, ' s')}, medians over rounds; load average ${meta.load_before} before the run, ${meta.load_after} after). Ratios are the median of the per-round ratios of requests/s, with their range. CPU is workerd's CPU time per request (origin included). How to read them: docs/performance.md.`,
    '',
    '| case | req/s | p50 ms | p99 ms | CPU µs/req | ratio |',
    '|---|---:|---:|---:|---:|---|',
  ]
  for (const [name, c] of Object.entries(summary.cases)) {
    const r = detail.ratios[name]
    const ratioText = r
      ? `${r.median.toFixed(2)} [${r.min.toFixed(2)}–${r.max.toFixed(2)}]${r.of === 'passthrough' ? '' : ` of ${r.of}`}`
      : BASELINES.has(name)
        ? '1 (baseline)'
        : ''
    lines.push(
      `| ${CASE_TITLES[name] ?? name} (\`${name}\`) | ${fmt(c.rps)} | ${fmt(c.p50_ms, 2)} | ${fmt(c.p99_ms, 1)} | ${fmt(c.cpu_us_per_req)} | ${ratioText} |`,
    )
  }
  const c = summary.edge_cache
  const purge = detail.purge
  lines.push(
    '',
    '| edge cache and bundle | measured |',
    '|---|---:|',
    `| cached p50 ÷ uncached p50 (slow shop) | ${fmt(c.hit_p50_vs_off, 3)} |`,
    `| cached req/s ÷ uncached req/s (slow shop) | ${fmt(c.hit_rps_vs_off, 2)} |`,
    `| a purge (\`POST /api/rest/v2/edge-cache/purge\`, one at a time) | ${purge && !purge.skipped ? `${purge.ms.toFixed(1)} ms median (n=${purge.n})` : '–'} |`,
    `| KV operations per cached read (the purge check) | ${fmt(c.kv_ops_per_cached_read, 3)} |`,
    `| production Worker (\`wrangler deploy --dry-run --env production\`) | ${fmt(summary.bundle_kib.upload, 2)} KiB, gzip ${fmt(summary.bundle_kib.gzip, 2)} KiB |`,
    '',
    '| in-isolate, per call | measured |',
    '|---|---:|',
    `| token verification (\`verifyToken\`) | ${fmt(summary.verify_us, 2)} µs |`,
    `| route matching, the shop's table | ${fmt(summary.match_us.shop_table, 2)} µs |`,
    `| public GET, instant origin, CPU: the proxy call alone / the whole gateway / with LOG_REQUESTS=all | ${fmt(summary.public_get_cpu_us.proxy_alone, 1)} / ${fmt(summary.public_get_cpu_us.gateway, 1)} / ${fmt(summary.public_get_cpu_us.gateway_logging_all, 1)} µs |`,
    `| route matching, 10,000 routes | ${fmt(summary.match_us['10k_routes'], 2)} µs |`,
    `| KV operations per authorised request: warm / cold | ${fmt(summary.kv_reads_per_request.warm)} / ${fmt(summary.kv_reads_per_request.cold)} |`,
    `| customer login, PBKDF2 / bcrypt 10 / salted md5 | ${fmt(summary.login_ms.pbkdf2, 1)} / ${fmt(summary.login_ms.bcrypt10, 1)} / ${fmt(summary.login_ms.md5_salted, 1)} ms |`,
    `| customer login through the shop fallback: first login of a shop-only customer (asked of the demo shop, bcrypt 10 there, PBKDF2 copy stored) / the same customer's second login (the edge copy) | ${fmt(summary.login_ms.shop_fallback_first, 1)} / ${fmt(summary.login_ms.edge_copy_after_fallback, 1)} ms |`,
    '',
    '| target | measured | verdict |',
    '|---|---:|---|',
    ...detail.targets.map(([what, value, verdict]) => `| ${what} | ${fmt(value, 3)} | ${verdict} |`),
    END,
  )
  const current = await readFile(path, 'utf8').catch(() => `# Performance figures\n\n${START}\n${END}\n`)
  const start = current.indexOf(START)
  const end = current.indexOf(END)
  if (start < 0 || end < start) throw new Error(`${path}: the figures markers are missing`)
  await writeFile(path, current.slice(0, start) + lines.join('\n') + current.slice(end + END.length))
}

const escapeXml = (s) => String(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;')

/**
 * The ratios of a run as an SVG chart (plain string templating): one row per measured case, its
 * median ratio as a bar, its min–max over the rounds as a whisker, lines at 1.0 (the baseline) and
 * 0.95 (the target of the proxied path), and its CPU µs/request beside it. Ratios above the axis
 * (the edge cache's hits) are drawn to the edge with their value written out.
 */
export function renderChart({ summary, detail }) {
  const rows = Object.entries(detail.ratios).filter(([, r]) => r)
  const { meta } = detail
  const width = 860
  const labelW = 250
  const plotW = 400
  const rowH = 26
  const top = 58
  const height = top + rows.length * rowH + 46
  const highest = Math.max(1.25, ...rows.map(([, r]) => r.max))
  const axisMax = Math.min(2, Math.ceil(highest * 4) / 4)
  const x = (v) => labelW + (Math.min(v, axisMax) / axisMax) * plotW
  const ticks = []
  for (let t = 0; t <= axisMax + 1e-9; t += 0.25) ticks.push(Math.round(t * 100) / 100)
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="system-ui, -apple-system, Segoe UI, sans-serif" font-size="12">`,
    '<title>gatehouse bench: ratios to pass-through</title>',
    `<rect width="${width}" height="${height}" fill="#ffffff"/>`,
    `<text x="12" y="20" font-size="14" font-weight="600">gatehouse: requests/s ÷ baseline per case (median of rounds, bar; min–max, whisker)</text>`,
    `<text x="12" y="38" fill="#555">${escapeXml(`${meta.command} — ${meta.date.slice(0, 16).replace('T', ' ')} UTC — ${meta.rounds} rounds × ${meta.seconds_per_case} s${meta.seconds_per_other_case === meta.seconds_per_case ? '' : ` (others ${meta.seconds_per_other_case} s)`} — load ${meta.load_before} before`)}</text>`,
  ]
  for (const t of ticks) {
    parts.push(`<line x1="${x(t).toFixed(1)}" y1="${top - 6}" x2="${x(t).toFixed(1)}" y2="${top + rows.length * rowH}" stroke="#eeeeee"/>`)
    parts.push(`<text x="${x(t).toFixed(1)}" y="${top + rows.length * rowH + 16}" text-anchor="middle" fill="#555">${t.toFixed(2)}</text>`)
  }
  rows.forEach(([name, r], i) => {
    const y = top + i * rowH
    const mid = y + rowH / 2
    const met = r.median >= 0.95
    const cpu = summary.cases[name]?.cpu_us_per_req
    const base = summary.cases[r.of]?.cpu_us_per_req
    parts.push(
      `<text x="${labelW - 8}" y="${mid + 4}" text-anchor="end">${escapeXml(name)}${r.of === 'passthrough' ? '' : ` <tspan fill="#777">÷ ${escapeXml(r.of)}</tspan>`}</text>`,
    )
    parts.push(
      `<rect x="${labelW}" y="${y + 5}" width="${(x(r.median) - labelW).toFixed(1)}" height="${rowH - 10}" fill="${met ? '#4c9a5f' : '#d0804a'}" opacity="0.85"/>`,
    )
    parts.push(`<line x1="${x(r.min).toFixed(1)}" y1="${mid}" x2="${x(r.max).toFixed(1)}" y2="${mid}" stroke="#222" stroke-width="1.5"/>`)
    for (const v of [r.min, r.max])
      parts.push(`<line x1="${x(v).toFixed(1)}" y1="${mid - 5}" x2="${x(v).toFixed(1)}" y2="${mid + 5}" stroke="#222" stroke-width="1.5"/>`)
    const beyond = r.max > axisMax ? ' ▸' : ''
    parts.push(
      `<text x="${labelW + plotW + 10}" y="${mid + 4}">${r.median.toFixed(2)} [${r.min.toFixed(2)}–${r.max.toFixed(2)}]${beyond}<tspan fill="#555">${cpu === null || cpu === undefined ? '' : `  CPU ${cpu}${base ? ` / ${base}` : ''} µs/req`}</tspan></text>`,
    )
  })
  const bottom = top + rows.length * rowH
  parts.push(`<line x1="${x(1).toFixed(1)}" y1="${top - 10}" x2="${x(1).toFixed(1)}" y2="${bottom}" stroke="#222" stroke-width="1.5"/>`)
  parts.push(
    `<line x1="${x(0.95).toFixed(1)}" y1="${top - 10}" x2="${x(0.95).toFixed(1)}" y2="${bottom}" stroke="#c0392b" stroke-width="1.5" stroke-dasharray="4 3"/>`,
  )
  parts.push(`<text x="${x(1).toFixed(1)}" y="${top - 14}" text-anchor="start" fill="#222">1.0</text>`)
  parts.push(`<text x="${x(0.95).toFixed(1)}" y="${top - 14}" text-anchor="end" fill="#c0392b">0.95 </text>`)
  parts.push(
    `<text x="12" y="${height - 10}" fill="#555">CPU: workerd's CPU time per request, the case / its baseline (origin included). Green: median ≥ 0.95. ▸: range goes past the axis.</text>`,
  )
  parts.push('</svg>')
  return `${parts.join('\n')}\n`
}
