// `npm run bench:instructions`: machine instructions per request, counted rather than timed, for the
// requests behind the bench's two 0.95 targets (pass-through and gateway, public GET and warm
// authorised GET). Throughput on this 2-core VM scatters by 5–10 % between two runs of the same code
// (docs/performance.md, "Third pass"); a count does not depend on the clock, the other core or the
// neighbours, so it tells a change of 1–2 % apart. It is what the CPU is asked to do, not how long
// it takes, so it complements `npm run bench`, never replaces it.
//
// The same Workers as `npm run bench` (bench/lib/runtime.mjs), in one workerd run under valgrind's
// callgrind (Debian package `valgrind`), with V8 on one thread (`--single-threaded`: its collector
// runs on the thread it serves, so the garbage a request makes is counted with it; its compilers
// too, and they are left out of the count: see NOT_COUNTED).
// Each case is warmed up, then counted in rounds (backwards every other round): counters zeroed,
// N requests, counters read. Everything in workerd is counted: both Workers of a request, the
// runtime, V8's collector.
//
//   npm run bench:instructions [-- --requests=250 --warmup=1200 --rounds=4]
import { execFileSync } from 'node:child_process'
import { mkdtemp, readdir, readFile, rm, writeFile, chmod } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import autocannon from 'autocannon'
import { benchBundles } from './lib/build.mjs'
import { startRuntime } from './lib/runtime.mjs'
import { DEMO_JWT, mintCustomerToken } from './lib/tokens.mjs'
import { median } from './lib/micro.mjs'
import { httpCases, probe } from './lib/cases.mjs'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const numberArg = (name, fallback) => Number(process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1]) || fallback
const plan = { requests: numberArg('requests', 250), warmup: numberArg('warmup', 1200), rounds: numberArg('rounds', 4) }
const PAIRS = [
  ['passthrough_public', 'gateway_public'],
  ['passthrough', 'gateway_warm'],
]
const log = (line) => console.log(`[${new Date().toISOString().slice(11, 19)}] ${line}`)

try {
  execFileSync('valgrind', ['--version'], { stdio: 'ignore' })
} catch {
  console.error('bench:instructions needs valgrind (Debian: apt-get install valgrind)')
  process.exit(2)
}

const env = { ...process.env, CLOUDFLARE_CF_FETCH_ENABLED: 'false', WRANGLER_SEND_METRICS: 'false', WRANGLER_LOG: 'warn' }
process.env.CLOUDFLARE_CF_FETCH_ENABLED = 'false'
process.env.WRANGLER_SEND_METRICS = 'false'
log('bundling with wrangler (dry run) …')
const { production: _none, ...bundles } = await benchBundles(root, env)

// V8's compilers, entered from JavaScript through these runtime calls (which never nest), are left
// out of the count: compiling is warm-up, done once per function, but in an isolate serving
// thousands of requests it still lands in one round or another, up to 32 million instructions in
// one round of 400 requests. The collector is counted: the requests make the garbage.
const NOT_COUNTED = /^v8::internal::Runtime_(Optimize|Compile)/

// Miniflare starts whatever MINIFLARE_WORKERD_PATH names, with MINIFLARE_WORKERD_V8_FLAGS: here a
// script that runs the real workerd under callgrind, its dumps in a scratch folder.
const scratch = await mkdtemp(join(tmpdir(), 'gatehouse-instructions-'))
const workerd = createRequire(createRequire(import.meta.url).resolve('miniflare'))('workerd').default
const wrapper = join(scratch, 'workerd')
await writeFile(
  wrapper,
  `#!/bin/sh\nexec valgrind --tool=callgrind --smc-check=all-non-file --dump-instr=no --callgrind-out-file=${scratch}/cg.out ${workerd} "$@"\n`,
)
await chmod(wrapper, 0o755)
process.env.MINIFLARE_WORKERD_PATH = wrapper
process.env.MINIFLARE_WORKERD_V8_FLAGS = '--single-threaded'

log('starting workerd under callgrind (slow: about 20 ms a request) …')
const runtime = await startRuntime(root, bundles)
const pid = callgrindPid()
const tokens = { hot: await mintCustomerToken({ ...DEMO_JWT, customerId: 1 }), cold: [], forged: '' }
const names = PAIRS.flat()
const cases = httpCases({ tokens, urls: runtime.urls, originName: runtime.originName }).filter((c) => names.includes(c.name))
for (const kase of cases) {
  const reason = await probe(kase)
  if (reason) throw new Error(`${kase.name}: ${reason}`)
  await fire(kase, plan.warmup)
}
log(`warmed up: ${plan.warmup} requests per case`)

const counts = Object.fromEntries(cases.map((c) => [c.name, []]))
for (let r = 0; r < plan.rounds; r++) {
  for (const kase of r % 2 === 0 ? cases : [...cases].reverse()) {
    execFileSync('callgrind_control', ['--zero', String(pid)], { stdio: 'ignore' })
    await fire(kase, plan.requests)
    counts[kase.name].push((await dumpTotal(`${kase.name}-${r}`)) / plan.requests)
  }
  log(`round ${r + 1}/${plan.rounds}: ${cases.map((c) => `${c.name} ${Math.round(counts[c.name][r] / 1000)}k`).join(', ')}`)
}
await runtime.mf.dispose()
await rm(scratch, { recursive: true, force: true })

const result = {
  meta: {
    command: `npm run bench:instructions${process.argv.length > 2 ? ` -- ${process.argv.slice(2).join(' ')}` : ''}`,
    date: new Date().toISOString(),
    ...plan,
  },
  cases: {},
  ratios: {},
}
console.log('\ninstructions per request (median of the rounds; every round in brackets, thousands)')
for (const kase of cases) {
  result.cases[kase.name] = { median: Math.round(median(counts[kase.name])), rounds: counts[kase.name].map(Math.round) }
  console.log(
    `  ${kase.name.padEnd(20)} ${Math.round(median(counts[kase.name])).toLocaleString('en')}  [${counts[kase.name].map((n) => Math.round(n / 1000)).join(' ')}]`,
  )
}
console.log("pass-through ÷ gateway (median of the rounds' ratios; 1 = the gateway costs what the pass-through does)")
for (const [base, gateway] of PAIRS) {
  const ratios = counts[gateway].map((n, r) => counts[base][r] / n)
  result.ratios[`${gateway}_vs_${base}`] = { median: round3(median(ratios)), min: round3(Math.min(...ratios)), max: round3(Math.max(...ratios)) }
  console.log(`  ${gateway.padEnd(20)} ${round3(median(ratios))}  (${round3(Math.min(...ratios))}–${round3(Math.max(...ratios))})`)
}
await writeFile(join(root, 'bench/last-instructions.json'), `${JSON.stringify(result, null, 2)}\n`)

function round3(x) {
  return Math.round(x * 1000) / 1000
}

// `amount` requests over 4 connections; every answer must have the case's status.
async function fire(kase, amount) {
  const result = await new Promise((resolve, reject) =>
    autocannon({ url: kase.url.origin, connections: 4, amount, requests: [kase.request] }, (error, res) => (error ? reject(error) : resolve(res))),
  )
  const wrong = result.requests.total - (result.statusCodeStats?.[String(kase.expect)]?.count ?? 0)
  if (wrong || result.errors) throw new Error(`${kase.name}: ${wrong} unexpected answers, ${result.errors} errors`)
}

// callgrind writes cg.out.<n> on each dump; the newest holds the instructions since the last zero.
async function dumpTotal(label) {
  const before = new Set(await readdir(scratch))
  execFileSync('callgrind_control', ['--dump', label, String(pid)], { stdio: 'ignore' })
  for (let tries = 0; tries < 100; tries++) {
    for (const file of await readdir(scratch)) {
      if (before.has(file) || !file.startsWith('cg.out.')) continue
      const text = await readFile(join(scratch, file), 'utf8')
      const total = /^totals: (\d+)/m.exec(text)
      if (total) return Number(total[1]) - compiling(text)
    }
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
  throw new Error(`no callgrind dump for ${label}`)
}

// The instructions spent inside NOT_COUNTED, from the dump's call records: a `calls=` line is
// followed by the call's inclusive cost, and its callee is the last `cfn=` named (callgrind's
// format: names are given once as `(id) name`, then by `(id)` alone).
function compiling(text) {
  const names = new Map()
  let callee
  let inCall = false
  let sum = 0
  for (const line of text.split('\n')) {
    const named = /^c?fn=\((\d+)\)(?: (.*))?$/.exec(line)
    if (named) {
      if (named[2] !== undefined) names.set(named[1], named[2])
      if (line.startsWith('cfn=')) callee = names.get(named[1])
    } else if (line.startsWith('calls=')) {
      inCall = true
    } else if (inCall) {
      inCall = false
      if (callee && NOT_COUNTED.test(callee)) sum += Number(line.split(' ')[1])
    }
  }
  return sum
}

// Under valgrind the process is named after the tool, not workerd.
function callgrindPid() {
  const found = execFileSync('pgrep', ['-P', String(process.pid), '-f', 'callgrind'], { encoding: 'utf8' })
    .trim()
    .split('\n')[0]
  if (!found) throw new Error('workerd under callgrind not found')
  return Number(found)
}
