import { describe, expect, it } from 'vitest'
import { customer, service } from '../../test/helpers/principals'
import { authorize, holdsPermission } from './authorize'
import { compileRouteTable } from './compile-route-table'
import { parseRouteTable } from './parse-route-table'
import { routeMatcher } from './route-matcher'
import type { MatchedRoute } from './types'

function route(method: string, path: string): MatchedRoute {
  const m = routeMatcher().match(method, path)
  if (m.kind !== 'matched') throw new Error(`${method} ${path} did not match`)
  return m
}

describe('ownership of /customers/{id}', () => {
  const cases = [
    { name: 'own id', path: '/customers/42', outcome: 'allow' },
    { name: 'another customer', path: '/customers/43', outcome: 'not_own_data' },
    { name: 'leading zero', path: '/customers/042', outcome: 'not_own_data' },
    { name: 'a decimal spelling', path: '/customers/42.0', outcome: 'not_own_data' },
    { name: 'an encoded space after the id', path: '/customers/42%20', outcome: 'not_own_data' },
    { name: 'a sign', path: '/customers/+42', outcome: 'not_own_data' },
    { name: 'a case variant of me', path: '/customers/Me', outcome: 'not_own_data' },
  ] as const
  it.each(cases)('a customer reaching $name: $outcome', ({ path, outcome }) => {
    const decision = authorize(customer(42), route('GET', path))
    expect(decision.ok ? 'allow' : decision.reason).toBe(outcome)
  })

  it('does not apply to a service principal holding the permission', () => {
    expect(authorize(service(['customers/read']), route('GET', '/customers/43'))).toEqual({ ok: true, value: undefined })
  })

  it('refuses a customer principal whose id is not a positive safe integer', () => {
    expect(authorize(customer(Number.NaN), route('GET', '/customers/NaN'))).toEqual({ ok: false, reason: 'not_own_data' })
    expect(authorize(customer(0), route('GET', '/customers/0'))).toEqual({ ok: false, reason: 'not_own_data' })
  })

  it('leaves carts, orders and addresses to the shop, which answers 404 for foreign ones', () => {
    expect(authorize(customer(42), route('GET', '/carts/999'))).toEqual({ ok: true, value: undefined })
    expect(authorize(customer(42), route('GET', '/orders/999'))).toEqual({ ok: true, value: undefined })
    expect(authorize(customer(42), route('GET', '/addresses/999'))).toEqual({ ok: true, value: undefined })
  })

  it('refuses a customer the admin /customers/{customerId}/addresses even for its own id', () => {
    expect(authorize(customer(42), route('GET', '/customers/42/addresses'))).toEqual({ ok: false, reason: 'forbidden' })
  })
})

describe('permission-less customer routes (/auth/refresh, /auth/logout)', () => {
  it.each([
    ['no principal', undefined, { ok: false, reason: 'authentication_required' }],
    ['a customer', customer(1), { ok: true, value: undefined }],
    ['a service with no permissions', service([]), { ok: true, value: undefined }],
  ] as const)('%s → %j', (_, principal, decision) => {
    expect(authorize(principal, route('POST', '/auth/refresh'))).toEqual(decision)
  })
})

describe('rules built by hand (not through the parser)', () => {
  it('refuses every service principal on an admin rule without a permission', () => {
    const [rule] = parseRouteTable('GET\t/x\tadmin\tx/read')
    const m = compileRouteTable([{ ...rule!, permission: null, anyPermission: [] }]).match('GET', '/x')
    if (m.kind !== 'matched') throw new Error('no match')
    expect(authorize(service(['all']), m)).toEqual({ ok: false, reason: 'forbidden' })
  })
})

describe('holdsPermission', () => {
  it.each([
    [['products/write'], 'products/write', true],
    [['products/all'], 'products/write', true],
    [['all'], 'products/write', true],
    [['products/read'], 'products/write', false],
    [['categories/all'], 'products/write', false],
    [['Products/write'], 'products/write', false],
    [['products/*'], 'products/write', false],
    [['*'], 'products/write', false],
    [['ALL'], 'products/write', false],
    [['products'], 'products/write', false],
    [['products/write '], 'products/write', false],
    [['credit-memos/all'], 'credit-memos/read', true],
    [['credit/all'], 'credit-memos/read', false],
    [[], 'products/write', false],
  ] as const)('%j holds %s: %s', (held, required, expected) => {
    expect(holdsPermission(held, required)).toBe(expected)
  })
})
