// A Worker as `wrangler deploy` uploads it (`deploy --dry-run`), for Miniflare: the bundle and the
// route tables (*.tsv) beside it as Text modules. Built once per config and test file.
import { spawnSync } from 'node:child_process'
import { mkdtempSync, readdirSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { ROOT, WRANGLER_ENV } from './d1'

export interface WranglerBundle {
  dir: string
  modules: { type: 'ESModule' | 'Text'; path: string }[]
}

const built = new Map<string, Promise<WranglerBundle>>()

/** `config`: the wrangler config file; `main`: the name wrangler gives the bundle in its outdir. */
export function wranglerBundle(config: string, main: string): Promise<WranglerBundle> {
  let bundle = built.get(config)
  if (!bundle) {
    bundle = (async () => {
      const dir = mkdtempSync(join(tmpdir(), 'gatehouse-bundle-'))
      const result = spawnSync(join(ROOT, 'node_modules/.bin/wrangler'), ['deploy', '--dry-run', '--config', config, '--outdir', dir], {
        cwd: ROOT,
        env: WRANGLER_ENV,
        encoding: 'utf8',
      })
      if (result.status !== 0) throw new Error(`wrangler deploy --dry-run --config ${config} failed:\n${result.stdout}${result.stderr}`)
      const texts = readdirSync(dir).filter((f) => f.endsWith('.tsv'))
      return { dir, modules: [{ type: 'ESModule' as const, path: join(dir, main) }, ...texts.map((f) => ({ type: 'Text' as const, path: join(dir, f) }))] }
    })()
    built.set(config, bundle)
  }
  return bundle
}
