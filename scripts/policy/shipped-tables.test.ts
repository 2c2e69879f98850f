// Each shipped route table is exactly what the importer makes of the shop commit its header names.
// The fixture is the excerpt of that commit's resource files (test/fixtures/shop-main, shop-26.7:
// their route declarations only, written by `npm run policy:import -- --excerpt`).
/// <reference types="vite/client" />
import { describe, expect, it } from 'vitest'
import { routeTableText, type ShopApiLine } from '../../src/policy/route-matcher'
import { importRouteTable } from './build-table'
import { treeOf } from './fixture-tree'

const FIXTURES: Record<ShopApiLine, Record<string, unknown>> = {
  main: import.meta.glob('../../test/fixtures/shop-main/**/*.php', { query: '?raw', import: 'default', eager: true }),
  '26.7': import.meta.glob('../../test/fixtures/shop-26.7/**/*.php', { query: '?raw', import: 'default', eager: true }),
}

describe.each(Object.keys(FIXTURES) as ShopApiLine[])('the shipped %s table', (line) => {
  const shipped = routeTableText(line)
  const [, named, commit] = /^# Shop: (\S+) ([0-9a-f]{40})$/m.exec(shipped) ?? []
  const files = [...treeOf(FIXTURES[line], `shop-${line}`, '')].map(([path, text]) => ({ path: path.slice('/app/code/'.length), text }))

  it('names its line and a full shop commit, which every excerpt of the fixture was taken from', () => {
    expect(named).toBe(line)
    expect(files.length).toBeGreaterThan(40)
    for (const file of files) expect(file.text).toContain(`commit ${commit}`)
  })

  it("is the importer's output for that commit, byte for byte", () => {
    const imported = importRouteTable(files, { commit: commit!, line })
    expect(imported.text).toBe(shipped)
    expect(imported.refused).toEqual([])
  })
})
