// The shop's security expressions, as its voters read them, mapped to the table's levels.
import { describe, expect, it } from 'vitest'
import { mapSecurity, type Access } from './map-security'

const mapped = (level: string, permissions: string[], notes: string[] = []): Access => ({ kind: 'mapped', level: level as 'public', permissions, notes })

const CASES: Array<{ name: string; expression: string | null; access: Access }> = [
  { name: "security: 'true'", expression: 'true', access: mapped('public', []) },
  {
    name: 'customer, admin or a permission',
    expression: "is_granted('ROLE_CUSTOMER') or is_granted('ROLE_ADMIN') or is_granted('carts/write')",
    access: mapped('customer', ['carts/write']),
  },
  {
    name: 'customer or a permission (no admin)',
    expression: "is_granted('ROLE_CUSTOMER') or is_granted('orders/read')",
    access: mapped('customer', ['orders/read']),
  },
  { name: 'admin or a permission', expression: "is_granted('ROLE_ADMIN') or is_granted('products/write')", access: mapped('admin', ['products/write']) },
  { name: 'has_backend_access: read or write', expression: "has_backend_access('orders')", access: mapped('admin', ['orders/read', 'orders/write']) },
  {
    name: 'has_backend_access or is_owner (customerId)',
    expression: "has_backend_access('orders') or is_owner(object, 'customerId')",
    access: mapped('customer', ['orders/read', 'orders/write'], ['owner: the shop checks customerId']),
  },
  {
    name: 'is_owner by email',
    expression: "has_backend_access('revocation-requests') or is_owner(object, 'email')",
    access: mapped('customer', ['revocation-requests/read', 'revocation-requests/write'], ['owner: the shop checks email']),
  },
  {
    name: '|| and double quotes, parenthesised',
    expression: '(is_granted("ROLE_ADMIN") || is_granted("tax-rates/read"))',
    access: mapped('admin', ['tax-rates/read']),
  },
  { name: 'the same permission twice', expression: "is_granted('a/read') or has_backend_access('a')", access: mapped('admin', ['a/read', 'a/write']) },
  { name: 'spread over lines', expression: "\n  is_granted('ROLE_CUSTOMER')\n  or is_granted('x/read')\n", access: mapped('customer', ['x/read']) },
  { name: 'no expression at all', expression: null, access: mapped('customer', [], ['no security expression: any authenticated caller']) },
  {
    name: 'customers only',
    expression: "is_granted('ROLE_CUSTOMER')",
    access: mapped('customer', [], ['customers only at the shop; API tokens pass the edge and the shop refuses them']),
  },
]

const REFUSED: Array<{ name: string; expression: string; reason: string }> = [
  {
    name: 'admin sessions only',
    expression: "is_granted('ROLE_ADMIN')",
    reason: "only the shop's admin-session tokens (ROLE_ADMIN) can pass, and gatehouse does not accept them",
  },
  { name: 'false', expression: 'false', reason: "only the shop's admin-session tokens (ROLE_ADMIN) can pass, and gatehouse does not accept them" },
  { name: 'and', expression: "is_granted('ROLE_CUSTOMER') and is_granted('a/read')", reason: 'cannot map "and" here (only "or" of checks is mapped)' },
  { name: 'not', expression: "not is_granted('ROLE_ADMIN')", reason: 'cannot map "not" here (only "or" of checks is mapped)' },
  { name: '!', expression: "!is_granted('ROLE_ADMIN')", reason: 'cannot map "!" here (only "or" of checks is mapped)' },
  { name: 'a comparison', expression: 'user.getId() == 1', reason: 'cannot map "." here (only "or" of checks is mapped)' },
  { name: 'an unknown role', expression: "is_granted('ROLE_SUPPLIER')", reason: "is_granted('ROLE_SUPPLIER'): an attribute gatehouse's tokens do not carry" },
  { name: 'an unknown function', expression: 'is_supplier(object)', reason: 'is_supplier(object): not a check the import can map' },
  { name: 'an unknown function with a string', expression: "has_role('x')", reason: "has_role('x'): not a check the import can map" },
  {
    name: 'has_backend_access of a permission',
    expression: "has_backend_access('orders/read')",
    reason: "has_backend_access('orders/read'): not a check the import can map",
  },
  { name: 'an unclosed string', expression: "is_granted('ROLE_ADMIN", reason: 'unclosed string in the expression' },
  { name: 'unbalanced parentheses', expression: "(is_granted('a/read')", reason: 'unbalanced parentheses in the expression' },
  { name: 'a bare name', expression: 'user', reason: 'unknown name "user"' },
]

describe('mapSecurity', () => {
  it.each(CASES)('$name', ({ expression, access }) => {
    expect(mapSecurity(expression)).toEqual(access)
  })

  it.each(REFUSED)('refuses $name', ({ expression, reason }) => {
    expect(mapSecurity(expression)).toEqual({ kind: 'refused', reason })
  })
})
