import { describe, expect, it } from 'vitest'
import { customer, service } from '../../test/helpers/principals'
import { checkoutBuckets, isCheckoutRoute } from './checkout-limit'

const route = (method: string, template: string) => ({ rule: { method, template } }) as Parameters<typeof isCheckoutRoute>[0]
const LIMITS = { perIp: 10, perCustomer: 10, windowSeconds: 600 }

describe('isCheckoutRoute', () => {
  const cases: { method: string; template: string; counted: boolean }[] = [
    { method: 'POST', template: '/carts/{id}/place-order', counted: true },
    { method: 'POST', template: '/carts/{cartId}/place-order', counted: true },
    { method: 'POST', template: '/guest-carts/{id}/place-order', counted: true },
    { method: 'POST', template: '/orders', counted: true },
    { method: 'PUT', template: '/carts/{id}/payment-method', counted: true },
    { method: 'PUT', template: '/guest-carts/{maskedId}/payment-method', counted: true },
    { method: 'GET', template: '/orders', counted: false },
    { method: 'GET', template: '/guest-carts/{id}/payment-methods', counted: false },
    { method: 'POST', template: '/carts/{id}/items', counted: false },
    { method: 'PUT', template: '/carts/{id}/shipping-method', counted: false },
  ]
  for (const { method, template, counted } of cases) {
    it(`${counted ? 'counts' : 'ignores'} ${method} ${template}`, () => expect(isCheckoutRoute(route(method, template))).toBe(counted))
  }
})

describe('checkoutBuckets', () => {
  it('a guest: the IP only', () => expect(checkoutBuckets(undefined, '198.51.100.7', LIMITS)).toEqual([{ bucket: 'ip:198.51.100.7', limit: 10 }]))
  it('a customer: the IP and the customer', () =>
    expect(checkoutBuckets(customer(12), '198.51.100.7', LIMITS)).toEqual([
      { bucket: 'ip:198.51.100.7', limit: 10 },
      { bucket: 'customer:12', limit: 10 },
    ]))
  it('an IPv6 client by its /64', () => expect(checkoutBuckets(undefined, '2001:db8:1:2:aa:bb:cc:dd', LIMITS)[0]!.bucket).toBe('ip:2001:db8:1:2::/64'))
  it('no CF-Connecting-IP: the one shared bucket', () => expect(checkoutBuckets(undefined, undefined, LIMITS)[0]!.bucket).toBe('ip:unknown'))
  it('a service token: nothing', () => expect(checkoutBuckets(service(['all']), '198.51.100.7', LIMITS)).toEqual([]))
  it('a limit of 0 leaves its bucket out', () =>
    expect(checkoutBuckets(customer(12), '198.51.100.7', { ...LIMITS, perIp: 0 })).toEqual([{ bucket: 'customer:12', limit: 10 }]))
})
