// Every row of the shop's route table is enforced with its level and permission, through both the
// compiled trie and the naive reference matcher.
import { describe, expect, it } from 'vitest'
import type { Principal } from '../auth'
import { customer, service } from '../../test/helpers/principals'
import { authorize } from './authorize'
import { compileRouteTable } from './compile-route-table'
import { parseRouteTable } from './parse-route-table'
import { referenceMatcher } from './reference-matcher'
import { defaultRouteTable, routeMatcher } from './route-matcher'

// sha256 of the shop's route table as its API reference documents it (policy/routes.tsv as
// shipped), plus the current line's order and payment rows the card-testing limits count (POST
// /orders at customer level, place-order and payment-method for carts and guest carts).
// If you change policy/routes.tsv on purpose, update this and the counts below.
const SHARED_TABLE_SHA256 = '5fcd994c9ca47a14482b5b1d5a711cf090d502b6447e608a14955966175a2f35'

interface Row {
  line: number
  method: string
  template: string
  level: string
  permission: string
}

// An independent reading of the file (not parseRouteTable), so the parser is under test too.
const rows: Row[] = defaultRouteTable
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

const resourceOf = (permission: string) => permission.split('/')[0]
const otherVerbOf = (permission: string) => `${resourceOf(permission)}/${permission.endsWith('/read') ? 'delete' : 'read'}`

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
  { name: 'a service with exactly the permission', principal: (r) => service([r.permission]), expected: () => 'allow' },
  { name: 'a service with RESOURCE/all', principal: (r) => service([`${resourceOf(r.permission)}/all`]), expected: () => 'allow' },
  { name: 'a service with all', principal: () => service(['all']), expected: () => 'allow' },
]

describe('policy/routes.tsv', () => {
  it('is the shared reference table, byte for byte', async () => {
    const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(defaultRouteTable))
    expect([...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('')).toBe(SHARED_TABLE_SHA256)
    expect(rows).toHaveLength(170)
    expect(rows.filter((r) => r.level === 'admin')).toHaveLength(71)
    expect(rows.filter((r) => r.level === 'customer')).toHaveLength(41)
    expect(rows.filter((r) => r.level === 'public')).toHaveLength(58)
  })

  it('parses into one rule per row with the row as written', () => {
    const rules = parseRouteTable(defaultRouteTable)
    expect(rules.map((r) => [r.line, r.method, r.template, r.level, r.permission ?? '-'])).toEqual(
      rows.map((r) => [r.line, r.method, r.template, r.level, r.permission]),
    )
  })

  it('marks exactly /customers/{id} (and the admin /customers/{customerId}/…) as carrying a customer id', () => {
    const owned = parseRouteTable(defaultRouteTable).filter((r) => r.ownerParam !== null)
    expect(owned.map((r) => `${r.method} ${r.template} ${r.ownerParam}`)).toEqual([
      'GET /customers/{id} id',
      'GET /customers/{customerId}/addresses customerId',
      'POST /customers/{customerId}/addresses customerId',
    ])
  })
})

for (const [name, matcher] of [
  ['compiled trie', routeMatcher()],
  ['reference matcher', referenceMatcher(parseRouteTable(defaultRouteTable))],
] as const) {
  describe(`every shared row through the ${name}`, () => {
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

describe('the default matcher', () => {
  it('is compiled once per isolate', () => {
    expect(routeMatcher()).toBe(routeMatcher())
  })

  it('agrees with a fresh compile of the same table', () => {
    expect(compileRouteTable(parseRouteTable(defaultRouteTable)).rules).toHaveLength(routeMatcher().rules.length)
  })
})
