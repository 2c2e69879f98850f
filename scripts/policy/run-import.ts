// `npm run policy:import`: flags in, table written, changes and refusals printed, exit code out.
// The file system sits behind ImportIo (scripts/policy-import.ts gives the real one), so a run is
// tested end to end on a tree held in memory.
import { parseRouteTable } from '../../src/policy/parse-route-table'
import { importRouteTable, type SourceFile } from './build-table'
import { diffTables, formatChange } from './diff-tables'
import { excerptResourceFile } from './excerpt'

export const USAGE = `Usage: npm run policy:import -- --shop DIR [--out FILE] [--commit SHA] [--line NAME] [--excerpt DIR2]

  --shop DIR      a checkout of the shop: the folder that holds app/code
  --out FILE      the table to write (default policy/routes.tsv); its previous content is compared
  --commit SHA    the shop's commit, named in the table's header (default: git rev-parse HEAD in DIR)
  --line NAME     the shop's release line, named in the header too (main, 26.7, ...)
  --excerpt DIR2  also write the excerpt of every resource file the import read to DIR2 (the
                  test fixture of the shipped tables: only the declarations that make a route)

Exit codes: 0 written, 2 bad arguments, 3 DIR is not a shop (nothing written), 1 anything else.`

export interface ImportOptions {
  shop: string
  out: string
  commit: string | null
  line: string | null
  excerpt: string | null
}

export interface ImportIo {
  /** Every file below `dir`, as paths relative to it (`/`-separated); null when `dir` is not a folder. */
  listFiles(dir: string): Promise<string[] | null>
  readFile(path: string): Promise<string>
  /** The current table at `path`, or null when there is none. */
  readTable(path: string): Promise<string | null>
  /** Replaces `path` whole (write to a temporary file, then rename), making its folder if needed. */
  writeTable(path: string, text: string): Promise<void>
  commitOf(dir: string): Promise<string | null>
  join(...parts: string[]): string
  stdout(text: string): void
  stderr(text: string): void
}

export class UsageError extends Error {
  override name = 'UsageError'
}

const POOLS = ['core', 'community', 'local']
// API Platform maps each module's Api/ folder (ModuleApiDiscovery: app/code/<pool>/<Ns>/<Module>/Api).
const RESOURCE_FILE = /^([^/]+)\/[^/]+\/[^/]+\/Api\/.+\.php$/

export function parseImportArgs(argv: readonly string[]): ImportOptions | 'help' {
  const values = new Map<string, string>()
  for (let i = 0; i < argv.length; i += 1) {
    const flag = argv[i]!
    if (flag === '--help' || flag === '-h') return 'help'
    const [name, inline] = flag.split(/=(.*)/s, 2) as [string, string | undefined]
    if (!['--shop', '--out', '--commit', '--line', '--excerpt'].includes(name)) throw new UsageError(`unknown argument "${flag}"`)
    const value = inline ?? argv[++i]
    if (value === undefined || value === '' || (inline === undefined && value.startsWith('--'))) throw new UsageError(`${name} needs a value`)
    values.set(name, value)
  }
  const shop = values.get('--shop')
  if (shop === undefined) throw new UsageError('--shop is required')
  const get = (name: string) => values.get(name) ?? null
  return { shop, out: get('--out') ?? 'policy/routes.tsv', commit: get('--commit'), line: get('--line'), excerpt: get('--excerpt') }
}

/**
 * The shop's resource files among `paths` (the files below its app/code, relative to it), or why
 * they are not a shop's. Pure.
 */
export function resourceFiles(paths: readonly string[]): { ok: true; files: string[] } | { ok: false; reason: string } {
  if (!paths.some((p) => p.startsWith('core/'))) return { ok: false, reason: 'it has no app/code/core (give --shop the folder that holds app/code)' }
  const files = paths.filter((p) => POOLS.includes(RESOURCE_FILE.exec(p)?.[1] ?? '')).sort()
  if (files.length === 0) return { ok: false, reason: 'it has no API resources (app/code/<pool>/<Vendor>/<Module>/Api/*.php)' }
  return { ok: true, files }
}

/** One import run; answers the process's exit code. Nothing is written unless it is 0. */
export async function runImport(options: ImportOptions, io: ImportIo): Promise<number> {
  const code = io.join(options.shop, 'app', 'code')
  const listing = await io.listFiles(code)
  const found =
    listing === null ? { ok: false as const, reason: 'it has no app/code folder (give --shop the folder that holds app/code)' } : resourceFiles(listing)
  if (!found.ok) {
    io.stderr(`policy:import: ${options.shop} is not a shop checkout: ${found.reason}; nothing written\n`)
    return 3
  }
  const files: SourceFile[] = []
  for (const path of found.files) {
    const text = await io.readFile(io.join(code, path))
    if (text.includes('#[')) files.push({ path, text })
  }
  const commit = options.commit ?? (await io.commitOf(options.shop)) ?? 'unknown commit (pass --commit)'
  const table = importRouteTable(files, { commit, ...(options.line ? { line: options.line } : {}) })
  // The gateway refuses a table it cannot parse; so does the import, before writing anything.
  parseRouteTable(table.text)
  const before = await io.readTable(options.out)
  await io.writeTable(options.out, table.text)
  if (options.excerpt !== null) {
    const comment = `Excerpt of app/code/%s at the shop's ${options.line ? `${options.line} line, ` : ''}commit ${commit}:\nits route declarations only, written by npm run policy:import -- --excerpt (docs/policy.md).`
    for (const file of files) {
      const text = excerptResourceFile(file.text, comment.replace('%s', file.path))
      if (text !== null) await io.writeTable(io.join(options.excerpt, 'app/code', file.path), text)
    }
  }
  const operations = table.rows.length + table.refused.length
  io.stdout(
    `policy:import: ${files.length} resource files, ${table.rows.length} routes written to ${options.out} (shop ${options.line ? `${options.line} ` : ''}${commit})\n`,
  )
  const change = before === null ? null : formatChange(diffTables(before, table.text))
  io.stdout(change === null ? 'no table there before\n' : change === '' ? 'no route added, removed or changed\n' : `${change}\n`)
  if (table.refused.length > 0) {
    io.stderr(`policy:import: refused at the edge (left out of the table), ${table.refused.length} of about ${operations}:\n`)
    for (const r of table.refused) io.stderr(`  app/code/${r.file}:${r.line}: ${r.message}\n`)
  }
  return 0
}
