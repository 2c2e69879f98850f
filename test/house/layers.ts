// The rules of the house's imports (docs/architecture.md, "Layers"), as a pure check over file texts:
// folders (rooms) in layers that only point down, cross-room imports through the room's index.ts,
// and no circle between files anywhere.

/** src/ rooms, bottom first; rooms in one layer may not import each other. */
export const LAYERS: readonly (readonly string[])[] = [
  ['core'],
  ['policy'],
  ['config'],
  ['db'],
  ['context.ts'],
  ['proxy', 'breach', 'turnstile', 'events', 'upkeep', 'cache'],
  ['auth'],
  ['oauth'],
  ['sessions'],
  ['credentials', 'sync'],
  ['gateway', 'middleware'],
  ['endpoints'],
  ['index.ts'],
]

const IMPORT = /(?:^|\n)\s*(?:import|export)\b[^'"`;]*?from\s*['"](\.{1,2}\/[^'"]+)['"]|\bimport\(\s*['"](\.{1,2}\/[^'"]+)['"]\s*\)/g

/** A file's relative import specifiers (static, re-exports and dynamic), comments and all. */
export function importsOf(text: string): string[] {
  return [...text.matchAll(IMPORT)].map((m) => (m[1] ?? m[2])!)
}

/** `src/auth/login.ts` importing `../core` → `src/core/index.ts`, or undefined when it names no source file. */
export function resolveImport(from: string, specifier: string, files: ReadonlySet<string>): string | undefined {
  const parts = from.split('/').slice(0, -1)
  for (const step of specifier.split('/')) {
    if (step === '..') parts.pop()
    else if (step !== '.') parts.push(step)
  }
  const base = parts.join('/')
  return [`${base}.ts`, `${base}/index.ts`, base].find((candidate) => files.has(candidate))
}

/** The room of a file under src/: its top folder, or the file itself at the top. */
export function roomOf(file: string): string {
  return file.split('/')[1]!
}

/** Every broken rule, as a sentence each; empty when the house is in order. */
export function houseProblems(sources: Readonly<Record<string, string>>, layers = LAYERS): string[] {
  const files = new Set(Object.keys(sources))
  const rank = new Map(layers.flatMap((rooms, i) => rooms.map((room) => [room, i] as const)))
  const problems: string[] = []
  const edges = new Map<string, string[]>()
  for (const [file, text] of Object.entries(sources)) {
    const room = roomOf(file)
    if (!rank.has(room)) problems.push(`${file}: room ${room} is in no layer`)
    const targets: string[] = []
    for (const specifier of importsOf(text)) {
      const target = resolveImport(file, specifier, files)
      if (!target) continue
      targets.push(target)
      const other = roomOf(target)
      if (other === room) continue
      if ((rank.get(other) ?? Infinity) >= (rank.get(room) ?? -Infinity)) problems.push(`${file} imports ${target}: ${other} is not below ${room}`)
      if (other !== target.split('/')[1] || target === `src/${other}`) continue
      if (target !== `src/${other}/index.ts`) problems.push(`${file} imports ${target}: go through src/${other}/index.ts`)
    }
    edges.set(file, targets)
  }
  for (const circle of circlesOf(edges)) problems.push(`circle: ${circle.join(' -> ')}`)
  return problems
}

// Depth-first search; each circle is reported once, from the file where it was closed.
function circlesOf(edges: ReadonlyMap<string, readonly string[]>): string[][] {
  const state = new Map<string, 'open' | 'done'>()
  const path: string[] = []
  const circles: string[][] = []
  const visit = (file: string): void => {
    state.set(file, 'open')
    path.push(file)
    for (const next of edges.get(file) ?? []) {
      if (state.get(next) === 'open') circles.push([...path.slice(path.indexOf(next)), next])
      else if (!state.has(next)) visit(next)
    }
    path.pop()
    state.set(file, 'done')
  }
  for (const file of [...edges.keys()].sort()) if (!state.has(file)) visit(file)
  return circles
}
