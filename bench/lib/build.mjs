// Bundles each Worker the benchmark runs exactly as `wrangler deploy` would (same esbuild settings,
// module rules and nodejs_compat handling), by asking wrangler for a dry-run bundle.
import { spawn } from 'node:child_process'
import { readdir, readFile, rm } from 'node:fs/promises'
import { basename, extname, join } from 'node:path'
import { gzipSync } from 'node:zlib'
import { gatewayWorkerOptions, originWorkerOptions } from './runtime.mjs'

// wrangler's default module rules; the config's own [[rules]] (e.g. policy/*.tsv as Text) are added.
const DEFAULT_TYPES = {
  '.js': 'ESModule',
  '.mjs': 'ESModule',
  '.cjs': 'CommonJS',
  '.txt': 'Text',
  '.html': 'Text',
  '.sql': 'Text',
  '.bin': 'Data',
  '.wasm': 'CompiledWasm',
}

// Extension → module type, from wrangler's modulesRules (include globs ending in `*.ext`).
export function moduleTypes(modulesRules = []) {
  const types = { ...DEFAULT_TYPES }
  for (const rule of modulesRules) {
    for (const glob of rule.include ?? []) {
      const ext = /\*(\.[A-Za-z0-9]+)$/.exec(glob)?.[1]
      if (ext && !(ext in types && ext.endsWith('js'))) types[ext] = rule.type
    }
  }
  return types
}

/**
 * Bundles `entry` with the settings of `config` into `outdir`, and returns Miniflare source
 * options: module definitions (entry module first) named relative to `outdir`.
 */
export async function bundle({ name, config, entry, outdir, env, types = DEFAULT_TYPES, envName = '' }) {
  await rm(outdir, { recursive: true, force: true })
  const args = ['wrangler', 'deploy', '--dry-run', '--env', envName, '-c', config, '--outdir', outdir]
  if (entry) args.push(entry)
  const { code, output } = await run('npx', args, env)
  if (code !== 0) throw new Error(`bundling ${name} failed:\n${output}`)
  const main = entry ? `${basename(entry).replace(/\.[cm]?[jt]s$/, '')}.js` : 'index.js'
  const files = (await readdir(outdir, { recursive: true })).filter((f) => types[extname(f)] && !f.endsWith('.map'))
  if (!files.includes(main)) throw new Error(`bundling ${name}: no ${main} in ${outdir}`)
  files.sort((a, b) => (a === main ? -1 : b === main ? 1 : a.localeCompare(b)))
  const modules = await Promise.all(
    files.map(async (file) => ({
      type: types[extname(file)],
      path: join(outdir, file),
      contents: await readFile(join(outdir, file)),
    })),
  )
  // What `wrangler deploy` uploads: every module, counted as wrangler's "Total Upload" does
  // (KiB of the modules, and of the modules gzipped).
  const bytes = modules.reduce((sum, m) => sum + m.contents.length, 0)
  const gzipped = modules.reduce((sum, m) => sum + gzipSync(m.contents).length, 0)
  return { modules, modulesRoot: outdir, upload: { kib: Math.round((bytes / 1024) * 100) / 100, gzip_kib: Math.round((gzipped / 1024) * 100) / 100 } }
}

function run(command, args, env) {
  return new Promise((resolve) => {
    const child = spawn(command, args, { env, stdio: ['ignore', 'pipe', 'pipe'] })
    let output = ''
    child.stdout.on('data', (d) => {
      output += d
    })
    child.stderr.on('data', (d) => {
      output += d
    })
    child.on('close', (code) => resolve({ code, output }))
  })
}

/**
 * Every Worker the benchmark starts (bench/lib/runtime.mjs), bundled into `bench/.build/<name>`; with
 * `production`, also the production Worker as `wrangler deploy --env production` would upload it (its
 * size only).
 */
export async function benchBundles(root, env, { production = false } = {}) {
  const out = (name) => join(root, 'bench/.build', name)
  const config = join(root, 'wrangler.toml')
  const types = moduleTypes(gatewayWorkerOptions(root).modulesRules)
  const entry = (name) => join(root, `bench/${name}.ts`)
  const originTypes = moduleTypes(originWorkerOptions(root).modulesRules)
  const [gateway, origin, passthrough, micro, kvCounter, productionBundle] = await Promise.all([
    bundle({ name: 'gateway', config, outdir: out('gateway'), env, types }),
    bundle({ name: 'origin', config: join(root, 'demo/origin/wrangler.toml'), outdir: out('origin'), env, types: originTypes }),
    bundle({ name: 'passthrough', config, entry: entry('passthrough'), outdir: out('passthrough'), env, types }),
    bundle({ name: 'micro', config, entry: entry('micro'), outdir: out('micro'), env, types }),
    bundle({ name: 'kv-counter', config, entry: entry('kv-counter'), outdir: out('kv-counter'), env, types }),
    production ? bundle({ name: 'production', config, outdir: out('production'), env, types, envName: 'production' }) : undefined,
  ])
  return { gateway, origin, passthrough, micro, kvCounter, production: productionBundle }
}
