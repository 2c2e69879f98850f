/// <reference types="vite/client" />
import { describe, expect, it } from 'vitest'
import { houseProblems, importsOf, resolveImport } from './layers'

// Every source file of the Worker, as text (Vite reads them at build time; tests live apart).
const SOURCES = Object.fromEntries(
  Object.entries(
    import.meta.glob(['../../src/**/*.ts', '!../../src/**/*.test.ts', '!../../src/**/*.d.ts'], { query: '?raw', import: 'default', eager: true }) as Record<
      string,
      string
    >,
  ).map(([path, text]) => [path.replace('../../', ''), text]),
)

describe('the house', () => {
  it('reads the whole of src/', () => {
    expect(Object.keys(SOURCES).length).toBeGreaterThan(150)
    expect(SOURCES['src/index.ts']).toContain('export default')
  })

  it('has layers that only point down, imports through each folder index.ts and no circle', () => {
    expect(houseProblems(SOURCES)).toEqual([])
  })

  // The sync Worker's MySQL driver is about 1 MB minified; every new gateway isolate would parse it.
  it("never reaches the sync or its MySQL driver from the gateway's entry", () => {
    const files = new Set(Object.keys(SOURCES))
    const reached = new Set<string>()
    const walk = (file: string) => {
      if (reached.has(file)) return
      reached.add(file)
      for (const specifier of importsOf(SOURCES[file]!)) {
        const target = resolveImport(file, specifier, files)
        if (target) walk(target)
      }
    }
    walk('src/index.ts')
    expect(reached.size).toBeGreaterThan(100)
    expect([...reached].filter((f) => f.startsWith('src/sync/') || /from ['"]mysql2/.test(SOURCES[f]!))).toEqual([])
    expect(/from ['"]mysql2/.test(SOURCES['src/sync/shop.ts']!)).toBe(true)
  })
})

describe('the check itself', () => {
  const layers = [['core'], ['auth'], ['index.ts']]

  const cases: { name: string; sources: Record<string, string>; problem: string }[] = [
    {
      name: 'an import that points up',
      sources: { 'src/core/a.ts': "import { x } from '../auth'", 'src/auth/index.ts': '', 'src/index.ts': '' },
      problem: 'src/core/a.ts imports src/auth/index.ts: auth is not below core',
    },
    {
      name: 'an import past the index',
      sources: { 'src/auth/a.ts': "import { x } from '../core/b'", 'src/core/b.ts': '', 'src/core/index.ts': '', 'src/index.ts': '' },
      problem: 'src/auth/a.ts imports src/core/b.ts: go through src/core/index.ts',
    },
    {
      name: 'a circle inside one folder',
      sources: { 'src/core/a.ts': "import { b } from './b'", 'src/core/b.ts': "export { a } from './a'", 'src/index.ts': '' },
      problem: 'circle: src/core/a.ts -> src/core/b.ts -> src/core/a.ts',
    },
    {
      name: 'a dynamic import that points up',
      sources: { 'src/core/a.ts': "const m = await import('../auth')", 'src/auth/index.ts': '', 'src/index.ts': '' },
      problem: 'src/core/a.ts imports src/auth/index.ts: auth is not below core',
    },
    {
      name: 'a folder in no layer',
      sources: { 'src/extra/a.ts': '', 'src/index.ts': '' },
      problem: 'src/extra/a.ts: room extra is in no layer',
    },
  ]
  it.each(cases)('finds $name', ({ sources, problem }) => {
    expect(houseProblems(sources, layers)).toContain(problem)
  })

  it('reads multi-line and type-only imports', () => {
    expect(importsOf("import type {\n  A,\n  B,\n} from '../core'\nexport * from './x'")).toEqual(['../core', './x'])
  })
})
