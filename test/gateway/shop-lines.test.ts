// A sample of the operations the shop's current line added or re-levelled, through HTTP, on both
// shipped route tables (SHOP_API_LINE main, the default, and 26.7). Allowed calls come back from the
// demo shop with the same method and path; refused ones never reach it.
import { beforeAll, describe, expect, it } from 'vitest'
import { ANSWERS } from '../helpers/answers'
import { callWith } from '../helpers/gateway-env'
import { call } from '../helpers/http'
import { newProbe, originHits, PROBE_HEADER } from '../helpers/origin'
import { bearer, customerClaims, mint, serviceClaims } from '../helpers/tokens'

type Line = 'main' | '26.7'
type Caller = 'anonymous' | 'customer' | `service ${string}`

interface Case {
  name: string
  lines: Line[]
  method: string
  path: string
  caller: Caller
  status: 200 | 401 | 403 | 404 | 405
  allow?: string
}

const MASKED = '0123456789abcdef0123456789abcdef'
const BOTH: Line[] = ['main', '26.7']

const CASES: Case[] = [
  { name: 'a customer places an order from its cart', lines: BOTH, method: 'POST', path: '/carts/5/place-order', caller: 'customer', status: 200 },
  { name: 'nobody places an order from a customer cart', lines: BOTH, method: 'POST', path: '/carts/5/place-order', caller: 'anonymous', status: 401 },
  {
    name: 'an integration with orders/create places an order',
    lines: BOTH,
    method: 'POST',
    path: '/carts/5/place-order',
    caller: 'service orders/create',
    status: 200,
  },
  { name: 'a customer sets the billing address', lines: ['main'], method: 'PUT', path: '/carts/5/billing-address', caller: 'customer', status: 200 },
  { name: 'a customer sets the shipping method', lines: ['main'], method: 'PUT', path: '/carts/5/shipping-method', caller: 'customer', status: 200 },
  {
    name: 'an integration with carts/write sets the payment method',
    lines: ['main'],
    method: 'PUT',
    path: '/carts/5/payment-method',
    caller: 'service carts/write',
    status: 200,
  },
  {
    name: 'an integration without carts/write sets the payment method',
    lines: ['main'],
    method: 'PUT',
    path: '/carts/5/payment-method',
    caller: 'service carts/read',
    status: 403,
  },
  {
    name: "a guest sets its cart's shipping address",
    lines: ['main'],
    method: 'PUT',
    path: `/guest-carts/${MASKED}/shipping-address`,
    caller: 'anonymous',
    status: 200,
  },
  { name: 'a customer applies a coupon to its cart', lines: BOTH, method: 'POST', path: '/carts/5/coupon', caller: 'customer', status: 200 },
  { name: 'nobody reads tax rates', lines: BOTH, method: 'GET', path: '/tax-rates', caller: 'anonymous', status: 401 },
  { name: 'a customer reads tax rates', lines: BOTH, method: 'GET', path: '/tax-rates', caller: 'customer', status: 403 },
  { name: 'an integration with tax-rates/read reads tax rates', lines: BOTH, method: 'GET', path: '/tax-rates', caller: 'service tax-rates/read', status: 200 },
  { name: 'a customer creates a customer group', lines: BOTH, method: 'POST', path: '/customer-groups', caller: 'customer', status: 403 },
  {
    name: 'an integration with customer-groups/write creates one',
    lines: BOTH,
    method: 'POST',
    path: '/customer-groups',
    caller: 'service customer-groups/write',
    status: 200,
  },
  {
    name: 'an integration with customer-groups/read creates one',
    lines: BOTH,
    method: 'POST',
    path: '/customer-groups',
    caller: 'service customer-groups/read',
    status: 403,
  },
  { name: 'nobody posts an order (customer-level at the shop)', lines: BOTH, method: 'POST', path: '/orders', caller: 'anonymous', status: 401 },
  { name: 'a customer posts an order', lines: BOTH, method: 'POST', path: '/orders', caller: 'customer', status: 200 },
  { name: 'nobody reads tier prices (public at the shop)', lines: BOTH, method: 'GET', path: '/products/12/tier-prices', caller: 'anonymous', status: 200 },
  { name: 'nobody signs in with a social provider', lines: ['main'], method: 'POST', path: '/customers/social-auth', caller: 'anonymous', status: 200 },
  // has_backend_access('orders') on main: read or write; 26.7 asks for orders/read.
  {
    name: 'an integration with only orders/write reads an order',
    lines: ['main'],
    method: 'GET',
    path: '/orders/7',
    caller: 'service orders/write',
    status: 200,
  },
  {
    name: 'an integration with only orders/write reads an order',
    lines: ['26.7'],
    method: 'GET',
    path: '/orders/7',
    caller: 'service orders/write',
    status: 403,
  },
  // Operations 26.7 does not have: refused at the edge, never sent to the shop.
  { name: 'a customer sets the billing address', lines: ['26.7'], method: 'PUT', path: '/carts/5/billing-address', caller: 'customer', status: 404 },
  {
    name: "a guest sets its cart's shipping address",
    lines: ['26.7'],
    method: 'PUT',
    path: `/guest-carts/${MASKED}/shipping-address`,
    caller: 'anonymous',
    status: 404,
  },
  {
    name: 'nobody signs in with a social provider',
    lines: ['26.7'],
    method: 'POST',
    path: '/customers/social-auth',
    caller: 'anonymous',
    status: 405,
    allow: 'GET, HEAD, PUT',
  },
]

const REFUSALS = { 401: ANSWERS.noToken, 403: ANSWERS.forbidden, 404: ANSWERS.notFound, 405: ANSWERS.methodNotAllowed }

let customer: string
beforeAll(async () => {
  customer = await mint(customerClaims(1))
})

async function authorization(caller: Caller): Promise<Record<string, string>> {
  if (caller === 'anonymous') return {}
  if (caller === 'customer') return bearer(customer)
  return bearer(await mint(serviceClaims(2, 'catalog', [caller.slice('service '.length)])))
}

const rows = CASES.flatMap((c) => c.lines.map((line) => ({ ...c, line })))

describe("the shop's own levels, per SHOP_API_LINE", () => {
  it.each(rows)('$line: $name ($method $path as $caller) → $status', async ({ line, method, path, caller, status, allow }) => {
    const probe = newProbe()
    const hasBody = method !== 'GET'
    const init: RequestInit = {
      method,
      headers: { ...(await authorization(caller)), [PROBE_HEADER]: probe, ...(hasBody ? { 'Content-Type': 'application/json' } : {}) },
      body: hasBody ? '{"demo":1}' : undefined,
    }
    // The social sign-in is the demo shop's own operation (docs/demo-shop.md): its answer to a body
    // without a provider token is its 400, which the gateway passes on as it came.
    const res = line === 'main' ? await call(path, init) : await callWith({ SHOP_API_LINE: '26.7' }, path, init)
    const body = await res.json<Record<string, unknown>>()
    if (status === 200) {
      if (path === '/customers/social-auth') expect({ status: res.status, error: body.error }).toEqual({ status: 400, error: 'invalid_request' })
      else expect({ status: res.status, body }).toMatchObject({ status: 200, body: { demo: true, method, path: `/api/rest/v2${path}` } })
      expect(await originHits(probe)).toBe(1)
    } else {
      expect({ status: res.status, body }).toEqual({ status, body: REFUSALS[status] })
      if (allow) expect(res.headers.get('Allow')).toBe(allow)
      expect(await originHits(probe)).toBe(0)
    }
  })
})
