// `npm run policy:import -- --shop DIR [--out FILE]`: writes the route table from the shop's own
// source (docs/policy.md). This file is the process side: the real file system, argv, exit code.
import { execFile } from 'node:child_process'
import { mkdir, readdir, readFile, rename, stat, writeFile } from 'node:fs/promises'
import { dirname, join, relative, resolve, sep } from 'node:path'
import { promisify } from 'node:util'
import { parseImportArgs, runImport, UsageError, USAGE, type ImportIo } from './policy/run-import'

// npm runs scripts in the package folder; paths on the command line are the caller's.
const here = process.env.INIT_CWD ?? process.cwd()

const io: ImportIo = {
  async listFiles(dir) {
    const info = await stat(dir).catch(() => null)
    if (!info?.isDirectory()) return null
    const entries = await readdir(dir, { recursive: true, withFileTypes: true })
    return entries.filter((e) => e.isFile()).map((e) => relative(dir, join(e.parentPath, e.name)).split(sep).join('/'))
  },
  readFile: (path) => readFile(path, 'utf8'),
  readTable: (path) => readFile(path, 'utf8').catch((err: NodeJS.ErrnoException) => (err.code === 'ENOENT' ? null : Promise.reject(err))),
  async writeTable(path, text) {
    await mkdir(dirname(path), { recursive: true })
    const temporary = join(dirname(path), `.${process.pid}.policy-import.tmp`)
    await writeFile(temporary, text)
    await rename(temporary, path)
  },
  async commitOf(dir) {
    try {
      const { stdout } = await promisify(execFile)('git', ['-C', dir, 'rev-parse', 'HEAD'])
      return stdout.trim() || null
    } catch {
      return null
    }
  },
  join,
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
}

let parsed: ReturnType<typeof parseImportArgs>
try {
  parsed = parseImportArgs(process.argv.slice(2))
} catch (err) {
  if (!(err instanceof UsageError)) throw err
  process.stderr.write(`policy:import: ${err.message}\n\n${USAGE}\n`)
  process.exit(2)
}
if (parsed === 'help') {
  process.stdout.write(`${USAGE}\n`)
  process.exit(0)
}
const options = {
  ...parsed,
  shop: resolve(here, parsed.shop),
  out: resolve(parsed.out === 'policy/routes.tsv' ? process.cwd() : here, parsed.out),
  excerpt: parsed.excerpt === null ? null : resolve(here, parsed.excerpt),
}
process.exit(await runImport(options, io))
