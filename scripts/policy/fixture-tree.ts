// Test support: a shop tree held in memory (files read by Vite's import.meta.glob from
// test/fixtures), and an ImportIo over it that records what a run writes and prints.
import type { ImportIo } from './run-import'

/** `{ '/shop/app/code/core/…/X.php': text }` from a glob's `{ '../../test/fixtures/NAME/app/code/…': text }`. */
export function treeOf(glob: Record<string, unknown>, fixture: string, root: string): Map<string, string> {
  const tree = new Map<string, string>()
  for (const [path, text] of Object.entries(glob)) {
    const at = path.indexOf(`/fixtures/${fixture}/`)
    tree.set(`${root}/${path.slice(at + `/fixtures/${fixture}/`.length)}`, String(text))
  }
  return tree
}

export interface MemoryRun {
  io: ImportIo
  written: Map<string, string>
  stdout: string[]
  stderr: string[]
}

export function memoryIo(tree: Map<string, string>, commit: string | null = null): MemoryRun {
  const written = new Map<string, string>()
  const stdout: string[] = []
  const stderr: string[] = []
  const io: ImportIo = {
    async listFiles(dir) {
      const prefix = `${dir}/`
      const files = [...tree.keys()].filter((p) => p.startsWith(prefix)).map((p) => p.slice(prefix.length))
      return files.length === 0 ? null : files
    },
    async readFile(path) {
      const text = tree.get(path)
      if (text === undefined) throw new Error(`no file ${path}`)
      return text
    },
    async readTable(path) {
      return written.get(path) ?? tree.get(path) ?? null
    },
    async writeTable(path, text) {
      written.set(path, text)
    },
    async commitOf() {
      return commit
    },
    join: (...parts) => parts.join('/'),
    stdout: (text) => stdout.push(text),
    stderr: (text) => stderr.push(text),
  }
  return { io, written, stdout, stderr }
}
