// Bundles each Worker the benchmark runs exactly as `wrangler deploy` would (same esbuild settings,
// module rules and nodejs_compat handling), by asking wrangler for a dry-run bundle.
import { spawn } from 'node:child_process'
import { readdir, readFile, rm } from 'node:fs/promises'
import { extname, join } from 'node:path'

const MODULE_TYPES = { '.js': 'ESModule', '.mjs': 'ESModule', '.cjs': 'CommonJS', '.txt': 'Text', '.html': 'Text', '.sql': 'Text', '.bin': 'Data', '.wasm': 'CompiledWasm' }

/**
 * Bundles `entry` with the settings of `config` into `outdir`, and returns Miniflare module
 * definitions (entry module first).
 */
export async function bundle({ name, config, entry, outdir, env }) {
  await rm(outdir, { recursive: true, force: true })
  const args = ['wrangler', 'deploy', '--dry-run', '--env', '', '-c', config, '--outdir', outdir]
  if (entry) args.push(entry)
  const { code, output } = await run('npx', args, env)
  if (code !== 0) throw new Error(`bundling ${name} failed:\n${output}`)
  return loadModules(outdir)
}

async function loadModules(outdir) {
  const files = (await readdir(outdir, { recursive: true })).filter((f) => MODULE_TYPES[extname(f)])
  files.sort((a, b) => (a === 'index.js' ? -1 : b === 'index.js' ? 1 : a.localeCompare(b)))
  return Promise.all(files.map(async (file) => ({
    type: MODULE_TYPES[extname(file)],
    path: join(outdir, file),
    contents: await readFile(join(outdir, file)),
  })))
}

function run(command, args, env) {
  return new Promise((resolve) => {
    const child = spawn(command, args, { env, stdio: ['ignore', 'pipe', 'pipe'] })
    let output = ''
    child.stdout.on('data', (d) => { output += d })
    child.stderr.on('data', (d) => { output += d })
    child.on('close', (code) => resolve({ code, output }))
  })
}
