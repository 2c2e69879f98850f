import { describe, expect, it } from 'vitest'
import { claimsOf, principalOf } from './claims'
import type { Principal } from '../core'

const signer = { issuer: 'https://shop.example.com/', audience: 'maho-api' }
const facts = { jti: '0123456789abcdef0123456789abcdef', iat: 1_764_000_000, exp: 1_764_003_600 }

const PRINCIPALS: { name: string; principal: Principal }[] = [
  { name: 'customer', principal: { ...facts, type: 'customer', subject: 'customer_7', customerId: 7, email: 'c@example.com' } },
  {
    name: 'service, every store',
    principal: { ...facts, type: 'api_user', subject: 'api_user_3', apiUserId: 3, username: 'integration', permissions: ['orders/read'] },
  },
  {
    name: 'service limited to stores',
    principal: { ...facts, type: 'api_user', subject: 'api_user_4', apiUserId: 4, username: 'bot', permissions: ['all'], allowedStoreIds: [1, 3] },
  },
  {
    name: 'customer token minted from a refresh family (sid)',
    principal: { ...facts, type: 'customer', subject: 'customer_7', customerId: 7, email: 'c@example.com', sid: 'fedcba9876543210fedcba9876543210' },
  },
  {
    name: 'shop-minted times with microseconds',
    principal: {
      ...facts,
      iat: 1_764_000_000.123456,
      exp: 1_764_003_600.123456,
      type: 'customer',
      subject: 'customer_5',
      customerId: 5,
      email: 's@example.com',
    },
  },
]

describe('claimsOf and principalOf are inverses', () => {
  it.each(PRINCIPALS)('$name: principalOf(claimsOf(p)) is p', ({ principal }) => {
    expect(principalOf({ ...claimsOf(principal, signer) })).toEqual({ ok: true, value: principal })
  })

  it("writes the shop's claims for a customer", () => {
    expect(claimsOf(PRINCIPALS[0]!.principal, signer)).toEqual({
      iss: 'https://shop.example.com/',
      aud: 'maho-api',
      jti: facts.jti,
      sub: 'customer_7',
      iat: facts.iat,
      nbf: facts.iat,
      exp: facts.exp,
      customer_id: 7,
      email: 'c@example.com',
      type: 'customer',
      roles: ['ROLE_CUSTOMER'],
    })
  })

  it('writes allowed_store_ids only for an account limited to some stores', () => {
    expect(claimsOf(PRINCIPALS[1]!.principal, signer)).not.toHaveProperty('allowed_store_ids')
    expect(claimsOf(PRINCIPALS[2]!.principal, signer)).toMatchObject({ allowed_store_ids: [1, 3], roles: [], type: 'api_user' })
  })
})

describe('principalOf refuses claims the shop would not issue', () => {
  const customer = claimsOf(PRINCIPALS[0]!.principal, signer) as unknown as Record<string, unknown>
  const ROWS = [
    { name: 'iat as a string', claims: { ...customer, iat: '1764000000' }, reason: 'iat/exp are not NumericDates' },
    { name: 'exp not finite', claims: { ...customer, exp: Number.POSITIVE_INFINITY }, reason: 'iat/exp are not NumericDates' },
    { name: 'negative iat', claims: { ...customer, iat: -1 }, reason: 'iat/exp are not NumericDates' },
    { name: 'sub of another customer', claims: { ...customer, sub: 'customer_8' }, reason: 'sub does not match customer_id' },
    { name: 'fractional customer_id', claims: { ...customer, customer_id: 7.5 }, reason: 'customer_id is not a positive integer' },
    { name: 'unknown type', claims: { ...customer, type: 'admin' }, reason: 'type is neither customer nor api_user' },
    { name: 'sid not 32 hex', claims: { ...customer, sid: 'family-1' }, reason: 'sid is not 32 lowercase hex' },
    { name: 'sid not a string', claims: { ...customer, sid: 12 }, reason: 'sid is not 32 lowercase hex' },
  ]
  it.each(ROWS)('$name', ({ claims, reason }) => {
    expect(principalOf(claims)).toEqual({ ok: false, reason })
  })
})
