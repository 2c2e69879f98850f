// Starts every Worker the benchmark needs in ONE workerd (through the Miniflare API, not
// `wrangler dev`, whose proxy layer would measure itself), each on its own loopback port: the
// default entry URL goes through Miniflare's entry worker, which adds 200–250 µs per request
// and would flatter the ratios. Local D1 (migrations + demo seed) and KV are in memory.
import { readFile, readdir } from 'node:fs/promises'
import { join } from 'node:path'
import { Miniflare, convertV4MiniflareOptions, Log, LogLevel } from 'miniflare'
import { unstable_getMiniflareWorkerOptions, unstable_splitSqlQuery } from 'wrangler'
import { findWorkerdPid } from './cpu.mjs'

const LOOPBACK = [{ host: '127.0.0.1', port: 0 }]

/**
 * The gateway's Miniflare options exactly as wrangler derives them from wrangler.toml, plus the demo
 * origin bound as ORIGIN, as `npm start` binds it (scripts/start.mjs).
 */
export function gatewayWorkerOptions(root) {
  const options = unstable_getMiniflareWorkerOptions(join(root, 'wrangler.toml'), '').workerOptions
  return { ...options, serviceBindings: { ...options.serviceBindings, ORIGIN: 'gatehouse-demo-origin' } }
}

/** The demo origin's Miniflare options from demo/origin/wrangler.toml (compat flags, its SHOP_DB D1). */
export function originWorkerOptions(root) {
  return unstable_getMiniflareWorkerOptions(join(root, 'demo/origin/wrangler.toml'), '').workerOptions
}

/**
 * @param bundles {gateway, origin, passthrough, micro, kvCounter}: Miniflare module lists
 * @returns {mf, urls: {name: URL}, workerdPid, db}
 */
export async function startRuntime(root, bundles) {
  // Exactly the bindings wrangler gives the gateway locally: vars, .dev.vars secret, D1, KV,
  // rate limiters and the ORIGIN service binding.
  const { modulesRules: _rules, rootPath: _root, ...gatewayOptions } = gatewayWorkerOptions(root)
  const compat = { compatibilityDate: gatewayOptions.compatibilityDate, compatibilityFlags: gatewayOptions.compatibilityFlags }
  const originName = gatewayOptions.serviceBindings.ORIGIN.name ?? gatewayOptions.serviceBindings.ORIGIN
  const revokedId = gatewayOptions.kvNamespaces.REVOKED.id ?? gatewayOptions.kvNamespaces.REVOKED
  const { REVOKED: _kv, ...otherKv } = gatewayOptions.kvNamespaces

  const workers = [
    { name: 'gatehouse', ...gatewayOptions, ...bundles.gateway, unsafeDirectSockets: LOOPBACK },
    // The same gateway with the edge cache switched off (EDGE_CACHE=off), for the cache cases.
    {
      name: 'gatehouse-nocache',
      ...gatewayOptions,
      bindings: { ...gatewayOptions.bindings, EDGE_CACHE: 'off' },
      ...bundles.gateway,
      unsafeDirectSockets: LOOPBACK,
    },
    { name: originName, ...originBindings(root), ...bundles.origin, unsafeDirectSockets: LOOPBACK },
    { name: 'bench-passthrough', ...gatewayOptions, ...bundles.passthrough, serviceBindings: { ORIGIN: originName }, unsafeDirectSockets: LOOPBACK },
    { name: 'bench-micro', ...gatewayOptions, ...bundles.micro, unsafeDirectSockets: LOOPBACK },
    // Counting copy of the gateway: REVOKED goes through kv-counter (never timed).
    { name: 'bench-kv-counter', ...compat, ...bundles.kvCounter, kvNamespaces: { INNER: revokedId }, unsafeDirectSockets: LOOPBACK },
    {
      name: 'bench-gatehouse-counted',
      ...gatewayOptions,
      kvNamespaces: otherKv,
      serviceBindings: { ...gatewayOptions.serviceBindings, REVOKED: 'bench-kv-counter' },
      ...bundles.gateway,
      unsafeDirectSockets: LOOPBACK,
    },
  ]
  const mf = new Miniflare(
    convertV4MiniflareOptions({
      host: '127.0.0.1',
      port: 0,
      log: new Log(LogLevel.WARN),
      workers,
    }),
  )
  await mf.ready
  const urls = {}
  for (const worker of workers) urls[worker.name] = await mf.unsafeGetDirectURL(worker.name)
  const db = await mf.getD1Database('DB', 'gatehouse')
  await applySql(db, await migrationsSql(root))
  await applySql(db, await readFile(join(root, 'seed/demo.sql'), 'utf8'))
  return { mf, urls, db, originName, workerdPid: findWorkerdPid() }
}

// The demo shop needs nodejs_compat (bcryptjs) and its own D1, which it seeds on first use.
function originBindings(root) {
  const { compatibilityDate, compatibilityFlags, d1Databases } = originWorkerOptions(root)
  return { compatibilityDate, compatibilityFlags, d1Databases }
}

async function migrationsSql(root) {
  const dir = join(root, 'migrations')
  const files = (await readdir(dir)).filter((f) => f.endsWith('.sql')).sort()
  return (await Promise.all(files.map((f) => readFile(join(dir, f), 'utf8')))).join('\n;\n')
}

export async function applySql(db, sql) {
  const statements = unstable_splitSqlQuery(sql.replaceAll('--> statement-breakpoint', ''))
    .map((s) => s.trim())
    .filter(Boolean)
  if (statements.length) await db.batch(statements.map((s) => db.prepare(s)))
}
