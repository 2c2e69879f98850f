// Every row of both shipped route tables (the shop's main and 26.7 lines) is enforced with its level
// and permission, through both the compiled trie and the naive reference matcher. That each table
// is what the importer makes of the shop's source is scripts/policy/shipped-tables.test.ts.
import { describe, expect, it } from 'vitest'
import type { Principal } from '../core'
import { customer, service } from '../../test/helpers/principals'
import { authorize } from './authorize'
import { compileRouteTable } from './compile-route-table'
import { parseRouteTable } from './parse-route-table'
import { referenceMatcher } from './reference-matcher'
import { defaultRouteTable, routeMatcher, routeTableText, SHOP_API_LINES, type ShopApiLine } from './route-matcher'

// The shop commit each table's header names, and its rows per level. If you re-import a table on
// purpose (docs/policy.md), update these in the same commit.
const SHIPPED: Record<ShopApiLine, { commit: string; admin: number; customer: number; public: number }> = {
  main: { commit: '76a889c7451e7bc9b39ce16d24718343fec33857', admin: 110, customer: 56, public: 70 },
  '26.7': { commit: 'ea824c6114c3b62ca57719b0ae7d93b6528c2bd8', admin: 110, customer: 52, public: 65 },
}

interface Row {
  line: number
  method: string
  template: string
  level: string
  permission: string
}

// An independent reading of the file (not parseRouteTable), so the parser is under test too.
const rowsOf = (table: string): Row[] =>
  table
    .split('\n')
    .map((text, i) => ({ text, line: i + 1 }))
    .filter(({ text }) => text !== '' && !text.startsWith('#'))
    .map(({ text, line }) => {
      const [method = '', template = '', level = '', permission = ''] = text.split('\t')
      return { line, method, template, level, permission }
    })

const OWN_ID = 42
const SAMPLES: Record<string, string> = { path: 'catalog/product/a/b.jpg', storeCode: 'default' }
const instantiate = (template: string) =>
  template.replace(/\{(\w+)\}/g, (_, name: string) => SAMPLES[name] ?? (name === 'id' || name === 'customerId' ? String(OWN_ID) : `${name}-1`))

// A permission column may list alternatives (`orders/read|orders/write`): any one of them will do.
const alternatives = (permission: string) => permission.split('|')
const resourceOf = (permission: string) => permission.split('/')[0]
const otherVerbOf = (permission: string) => `${resourceOf(permission)}/${alternatives(permission).some((p) => p.endsWith('/read')) ? 'delete' : 'read'}`

type Expected = 'allow' | 'authentication_required' | 'forbidden'
interface Caller {
  name: string
  principal: (row: Row) => Principal | undefined
  expected: (row: Row) => Expected
}

const needsPermission = (row: Row): Expected => (row.level === 'public' || (row.level === 'customer' && row.permission === '-') ? 'allow' : 'forbidden')
const CALLERS: Caller[] = [
  { name: 'no principal', principal: () => undefined, expected: (r) => (r.level === 'public' ? 'allow' : 'authentication_required') },
  { name: 'a customer (own id)', principal: () => customer(OWN_ID), expected: (r) => (r.level === 'admin' ? 'forbidden' : 'allow') },
  { name: 'a service without permissions', principal: () => service([]), expected: needsPermission },
  { name: 'a service with an unrelated permission', principal: () => service(['unrelated/all']), expected: needsPermission },
  { name: 'a service with another verb on the resource', principal: (r) => service([otherVerbOf(r.permission)]), expected: needsPermission },
  { name: 'a service with exactly the permission', principal: (r) => service([alternatives(r.permission)[0]!]), expected: () => 'allow' },
  { name: 'a service with its last alternative', principal: (r) => service([alternatives(r.permission).at(-1)!]), expected: () => 'allow' },
  { name: 'a service with RESOURCE/all', principal: (r) => service([`${resourceOf(r.permission)}/all`]), expected: () => 'allow' },
  { name: 'a service with all', principal: () => service(['all']), expected: () => 'allow' },
]

function describeTable(line: ShopApiLine): void {
  const table = routeTableText(line)
  const rows = rowsOf(table)
  const shipped = SHIPPED[line]

  describe(`the ${line} table`, () => {
    it('names its shop commit and holds the rows counted when it was imported', () => {
      expect(table).toContain(`\n# Shop: ${line} ${shipped.commit}\n`)
      expect(rows).toHaveLength(shipped.admin + shipped.customer + shipped.public)
      expect(rows.filter((r) => r.level === 'admin')).toHaveLength(shipped.admin)
      expect(rows.filter((r) => r.level === 'customer')).toHaveLength(shipped.customer)
      expect(rows.filter((r) => r.level === 'public')).toHaveLength(shipped.public)
    })

    it('parses into one rule per row with the row as written', () => {
      const rules = parseRouteTable(table)
      expect(rules.map((r) => [r.line, r.method, r.template, r.level, r.permission ?? '-'])).toEqual(
        rows.map((r) => [r.line, r.method, r.template, r.level, r.permission]),
      )
    })

    it('marks exactly /customers/{id} (and the admin /customers/{customerId}/…) as carrying a customer id', () => {
      const owned = parseRouteTable(table).filter((r) => r.ownerParam !== null)
      expect(owned.map((r) => `${r.method} ${r.template} ${r.ownerParam}`)).toEqual([
        'GET /customers/{customerId}/addresses customerId',
        'POST /customers/{customerId}/addresses customerId',
        'GET /customers/{id} id',
        'PUT /customers/{id} id',
      ])
    })
  })

  for (const [name, matcher] of [
    ['compiled trie', routeMatcher(line)],
    ['reference matcher', referenceMatcher(parseRouteTable(table))],
  ] as const) {
    describe(`every ${line} row through the ${name}`, () => {
      it.each(rows)('line $line: $method $template matches its own rule', (row) => {
        const match = matcher.match(row.method, instantiate(row.template))
        expect(match.kind).toBe('matched')
        if (match.kind !== 'matched') return
        expect([match.rule.line, match.rule.method, match.rule.template]).toEqual([row.line, row.method, row.template])
        expect([match.rule.level, match.rule.permission ?? '-']).toEqual([row.level, row.permission])
      })

      it.each(rows)('line $line: $method $template is authorised per caller', (row) => {
        const match = matcher.match(row.method, instantiate(row.template))
        if (match.kind !== 'matched') throw new Error(`line ${row.line} did not match`)
        const outcomes = CALLERS.map((caller) => {
          const decision = authorize(caller.principal(row), match)
          return [caller.name, decision.ok ? 'allow' : decision.reason]
        })
        expect(outcomes).toEqual(CALLERS.map((caller) => [caller.name, caller.expected(row)]))
      })
    })
  }
}

for (const line of SHOP_API_LINES) describeTable(line)

describe('the default matcher', () => {
  it("is the main line's", () => {
    expect(routeMatcher()).toBe(routeMatcher('main'))
    expect(routeMatcher('26.7')).not.toBe(routeMatcher('main'))
    expect(routeTableText('main')).toBe(defaultRouteTable)
  })

  it('is compiled once per isolate', () => {
    expect(routeMatcher()).toBe(routeMatcher())
  })

  it('agrees with a fresh compile of the same table', () => {
    expect(compileRouteTable(parseRouteTable(defaultRouteTable)).rules).toHaveLength(routeMatcher().rules.length)
  })
})
