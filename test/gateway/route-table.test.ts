import { beforeAll, describe, expect, it } from 'vitest'
import { defaultRouteTable } from '../../src/policy/route-matcher'
import { parseRouteTable } from '../../src/policy/parse-route-table'
import type { RouteRule } from '../../src/policy/types'
import { call } from '../helpers/http'
import { bearer, customerClaims, mint, serviceClaims } from '../helpers/tokens'
import { newProbe, originHits, PROBE_HEADER } from '../helpers/origin'

// Every row of the route table (the main line's; SHOP_API_LINE=26.7 is test/gateway/shop-lines.test.ts), for four callers: nobody, customer 1, a service account without the
// row's permission, a service account holding exactly it. Allowed calls must come back from the
// demo origin with the same method and path; refused ones must never reach it.

type Caller = 'anonymous' | 'customer' | 'service without permission' | 'service with permission'
type Outcome = 200 | 401 | 403

// The token endpoints are gatehouse's own and tested with the token service.
const rules = parseRouteTable(defaultRouteTable).filter((rule) => !rule.template.startsWith('/auth/'))

// Customer 1's id wherever a parameter stands: it owns every `/customers/{id}` path it reaches.
function concretePath(rule: RouteRule): string {
  return rule.segments.map((s) => (s.kind === 'static' ? s.value : s.kind === 'param' ? '1' : 'a/b.jpg')).reduce((path, s) => `${path}/${s}`, '')
}

// What the shop's source says each caller gets (the header of policy/routes.tsv).
function expected(rule: RouteRule, caller: Caller): Outcome {
  if (rule.level === 'public') return 200
  switch (caller) {
    case 'anonymous':
      return 401
    case 'customer':
      return rule.level === 'customer' ? 200 : 403
    case 'service without permission':
      return rule.level === 'customer' && rule.anyPermission.length === 0 ? 200 : 403
    case 'service with permission':
      return 200
  }
}

// The operations the demo shop carries out itself answer the generic body `{"demo":1}` with their
// own validation error (docs/demo-shop.md); reaching it is what this table proves. A service token
// on the customer's own password change gets the echo (it has no "me" to change).
const SHOP_VALIDATION: Record<string, { status: number; error: string }> = {
  'POST /customers': { status: 422, error: 'unprocessable_entity' },
  'POST /customers/me/password': { status: 422, error: 'unprocessable_entity' },
  'POST /customers/reset-password': { status: 422, error: 'unprocessable_entity' },
  'POST /customers/create-from-order': { status: 422, error: 'unprocessable_entity' },
  'GET /guest-carts/{id}': { status: 404, error: 'not_found' },
  'POST /guest-carts/{id}/items': { status: 404, error: 'not_found' },
  'POST /customers/social-auth': { status: 400, error: 'invalid_request' },
}

function shopValidation(rule: RouteRule, caller: Caller): { status: number; error: string } | undefined {
  const key = `${rule.method} ${rule.template}`
  if (key === 'POST /customers/me/password' && caller !== 'customer') return undefined
  return SHOP_VALIDATION[key]
}

const REFUSALS = {
  401: { error: 'unauthorized', message: 'Authentication required', code: 401 },
  403: { error: 'forbidden', message: 'Insufficient permissions', code: 403 },
}

// The shop behind the gateway re-checks every token's account: both service callers speak for its
// service account 2 (catalog); the gateway decides by the permissions the token carries.
let customer: string
let unrelatedService: string
beforeAll(async () => {
  customer = await mint(customerClaims(1))
  unrelatedService = await mint(serviceClaims(2, 'catalog', ['unrelated/read']))
})

async function authorization(rule: RouteRule, caller: Caller): Promise<Record<string, string>> {
  switch (caller) {
    case 'anonymous':
      return {}
    case 'customer':
      return bearer(customer)
    case 'service without permission':
      return bearer(unrelatedService)
    case 'service with permission':
      return bearer(await mint(serviceClaims(2, 'catalog', rule.anyPermission.slice(0, 1))))
  }
}

const CALLERS: Caller[] = ['anonymous', 'customer', 'service without permission', 'service with permission']

describe('the whole route table, enforced at the edge', () => {
  it('covers the table (no accidental empty run)', () => {
    expect(rules.length).toBeGreaterThan(150)
  })

  for (const rule of rules) {
    it(`${rule.method} ${rule.template} (${rule.level}, ${rule.permission ?? '-'})`, async () => {
      const path = concretePath(rule)
      for (const caller of CALLERS) {
        const probe = newProbe()
        const hasBody = rule.method !== 'GET' && rule.method !== 'DELETE'
        const res = await call(`${path}?probe=1`, {
          method: rule.method,
          headers: { ...(await authorization(rule, caller)), [PROBE_HEADER]: probe, ...(hasBody ? { 'Content-Type': 'application/json' } : {}) },
          body: hasBody ? '{"demo":1}' : undefined,
        })
        const want = expected(rule, caller)
        const body = await res.json<Record<string, unknown>>()
        const shop = want === 200 ? shopValidation(rule, caller) : undefined
        if (shop) {
          expect({ caller, status: res.status, error: body.error }).toEqual({ caller, ...shop })
          expect(await originHits(probe)).toBe(1)
          continue
        }
        expect({ caller, status: res.status }).toEqual({ caller, status: want })
        if (want === 200) {
          expect(body).toMatchObject({ demo: true, method: rule.method, path: `/api/rest/v2${path}?probe=1` })
          expect(await originHits(probe)).toBe(1)
        } else {
          expect(body).toEqual(REFUSALS[want])
          expect(await originHits(probe)).toBe(0)
        }
      }
    })
  }
})
