// Card testing at the edge: order and payment attempts counted per client IP and per customer in
// D1 windows (CHECKOUT_LIMIT_PER_IP, CHECKOUT_LIMIT_PER_CUSTOMER, CHECKOUT_WINDOW_SECONDS), refused
// with the shop's 429 before they reach the shop.
import { env } from 'cloudflare:workers'
import { describe, expect, it } from 'vitest'
import { createCustomer } from './helpers/accounts'
import { ANSWERS } from './helpers/answers'
import { callWith } from './helpers/gateway-env'
import { call, freshIp } from './helpers/http'
import { newProbe, originHits, PROBE_HEADER } from './helpers/origin'
import { bearer, customerClaims, mint, serviceClaims } from './helpers/tokens'

const CART = 'a'.repeat(32)

const attempt = (path: string, method: string, headers: Record<string, string>) =>
  call(path, { method, headers: { 'Content-Type': 'application/json', ...headers }, body: '{}' })

// The five counted operations, in the order a checkout would use them.
const ROUTES = [
  { method: 'PUT', path: `/guest-carts/${CART}/payment-method` },
  { method: 'POST', path: `/guest-carts/${CART}/place-order` },
  { method: 'PUT', path: '/carts/7/payment-method', customer: true },
  { method: 'POST', path: '/carts/7/place-order', customer: true },
  { method: 'POST', path: '/orders', customer: true },
]

describe('order and payment limits', () => {
  for (const { method, path, customer } of ROUTES) {
    it(`${method} ${path.replace(/[0-9a-f]{32}|\/7\//, (m) => (m.length === 32 ? '{id}' : '/{id}/'))}: the 11th attempt from one IP in the window is 429 and never reaches the shop`, async () => {
      const ip = freshIp()
      const probe = newProbe()
      const auth = customer ? bearer(await mint(customerClaims((await createCustomer()).id))) : {}
      for (let i = 0; i < 10; i++) {
        const res = await attempt(path, method, { 'CF-Connecting-IP': ip, [PROBE_HEADER]: probe, ...auth })
        expect(res.status).toBe(200)
      }
      const refused = await attempt(path, method, { 'CF-Connecting-IP': ip, [PROBE_HEADER]: probe, ...auth })
      expect(refused.status).toBe(429)
      expect(await refused.json()).toEqual(ANSWERS.tooMany)
      const retryAfter = Number(refused.headers.get('Retry-After'))
      expect(retryAfter).toBeGreaterThan(0)
      expect(retryAfter).toBeLessThanOrEqual(600)
      expect(await originHits(probe)).toBe(10)
    })
  }

  it('every counted route shares one bucket per IP; another IP has its own', async () => {
    const ip = freshIp()
    for (let i = 0; i < 5; i++) {
      expect((await attempt(`/guest-carts/${CART}/payment-method`, 'PUT', { 'CF-Connecting-IP': ip })).status).toBe(200)
      expect((await attempt(`/guest-carts/${CART}/place-order`, 'POST', { 'CF-Connecting-IP': ip })).status).toBe(200)
    }
    expect((await attempt(`/guest-carts/${CART}/place-order`, 'POST', { 'CF-Connecting-IP': ip })).status).toBe(429)
    expect((await attempt(`/guest-carts/${CART}/place-order`, 'POST', { 'CF-Connecting-IP': freshIp() })).status).toBe(200)
  })

  it('an IPv6 client counts by its /64: rotating addresses inside it does not help', async () => {
    const prefix = `2001:db8:${Math.floor(Math.random() * 0xffff).toString(16)}:1`
    const statuses = []
    for (let i = 1; i <= 11; i++)
      statuses.push((await attempt(`/guest-carts/${CART}/place-order`, 'POST', { 'CF-Connecting-IP': `${prefix}::${i.toString(16)}` })).status)
    expect(statuses).toEqual([...Array(10).fill(200), 429])
  })

  it('a burst of 25 parallel attempts from one IP lets exactly 10 through to the shop', async () => {
    const ip = freshIp()
    const probe = newProbe()
    const burst = await Promise.all(
      Array.from({ length: 25 }, () => attempt(`/guest-carts/${CART}/place-order`, 'POST', { 'CF-Connecting-IP': ip, [PROBE_HEADER]: probe })),
    )
    const statuses = burst.map((res) => res.status).sort()
    expect(statuses).toEqual([...Array(10).fill(200), ...Array(15).fill(429)])
    expect(await originHits(probe)).toBe(10)
  })

  it('a customer is counted across IPs: the 11th attempt from an 11th address is 429', async () => {
    const { id } = await createCustomer()
    const token = await mint(customerClaims(id))
    const statuses = []
    for (let i = 0; i < 11; i++) statuses.push((await attempt('/carts/7/place-order', 'POST', { ...bearer(token), 'CF-Connecting-IP': freshIp() })).status)
    expect(statuses).toEqual([...Array(10).fill(200), 429])
    // Another customer from a fresh address is not held up.
    const other = await mint(customerClaims((await createCustomer()).id))
    expect((await attempt('/carts/7/place-order', 'POST', bearer(other))).status).toBe(200)
  })

  it('a service token (an integration) is not counted', async () => {
    const ip = freshIp()
    const token = await mint(serviceClaims(1, 'admin', ['all']))
    const statuses = []
    for (let i = 0; i < 12; i++) statuses.push((await attempt('/orders', 'POST', { ...bearer(token), 'CF-Connecting-IP': ip })).status)
    expect(statuses).toEqual(Array(12).fill(200))
  })

  it('refused requests (no token on a customer route) are not counted, and other routes never are', async () => {
    const ip = freshIp()
    for (let i = 0; i < 12; i++) {
      expect((await attempt('/carts/7/place-order', 'POST', { 'CF-Connecting-IP': ip })).status).toBe(401)
      // The demo shop has no such cart: its own 404, not the edge's 429.
      expect((await call(`/guest-carts/${CART}`, { headers: { 'CF-Connecting-IP': ip } })).status).toBe(404)
    }
    expect((await attempt(`/guest-carts/${CART}/place-order`, 'POST', { 'CF-Connecting-IP': ip })).status).toBe(200)
  })

  it('a window that has ended starts again', async () => {
    const ip = freshIp()
    for (let i = 0; i < 11; i++) await attempt(`/guest-carts/${CART}/place-order`, 'POST', { 'CF-Connecting-IP': ip })
    expect((await attempt(`/guest-carts/${CART}/place-order`, 'POST', { 'CF-Connecting-IP': ip })).status).toBe(429)
    await env.DB.prepare('update checkout_attempts set window_started_at = window_started_at - 600 where bucket = ?').bind(`ip:${ip}`).run()
    expect((await attempt(`/guest-carts/${CART}/place-order`, 'POST', { 'CF-Connecting-IP': ip })).status).toBe(200)
  })
})

describe('checkout limit configuration', () => {
  const place = (vars: Record<string, string>, ip: string) =>
    callWith(vars, `/guest-carts/${CART}/place-order`, { method: 'POST', headers: { 'Content-Type': 'application/json', 'CF-Connecting-IP': ip }, body: '{}' })

  it('CHECKOUT_LIMIT_PER_IP sets the limit', async () => {
    const ip = freshIp()
    const statuses = []
    for (let i = 0; i < 3; i++) statuses.push((await place({ CHECKOUT_LIMIT_PER_IP: '2' }, ip)).status)
    expect(statuses).toEqual([200, 200, 429])
  })

  it('CHECKOUT_LIMIT_PER_IP=0 turns the IP bucket off', async () => {
    const ip = freshIp()
    const statuses = []
    for (let i = 0; i < 12; i++) statuses.push((await place({ CHECKOUT_LIMIT_PER_IP: '0' }, ip)).status)
    expect(statuses).toEqual(Array(12).fill(200))
  })

  it('CHECKOUT_WINDOW_SECONDS bounds Retry-After', async () => {
    const ip = freshIp()
    await place({ CHECKOUT_LIMIT_PER_IP: '1', CHECKOUT_WINDOW_SECONDS: '60' }, ip)
    const refused = await place({ CHECKOUT_LIMIT_PER_IP: '1', CHECKOUT_WINDOW_SECONDS: '60' }, ip)
    expect(refused.status).toBe(429)
    expect(Number(refused.headers.get('Retry-After'))).toBeLessThanOrEqual(60)
  })

  for (const [name, value] of [
    ['CHECKOUT_LIMIT_PER_IP', '-1'],
    ['CHECKOUT_LIMIT_PER_CUSTOMER', 'ten'],
    ['CHECKOUT_WINDOW_SECONDS', '0'],
  ] as const) {
    it(`${name}=${value} is a loud configuration error (500), never a silent default`, async () => {
      const res = await place({ [name]: value }, freshIp())
      expect(res.status).toBe(500)
      expect(await res.json()).toEqual({ error: 'internal_server_error', message: 'Gateway misconfigured', code: 500 })
    })
  }
})
