// The demo shop's state hooks (/__demo/shop/...): what tests use to look into the shop, and that
// clients can never reach them through the gateway.
import { describe, expect, it } from 'vitest'
import { ANSWERS } from '../helpers/answers'
import { call } from '../helpers/http'
import { shopFetch, shopPost } from '../helpers/shop'
import { customerClaims, mint } from '../helpers/tokens'

const HOOKS = 'http://shop.test/__demo/shop'

describe('demo shop state hooks', () => {
  it('shows a stored customer, hash included, and 404 for an unknown email', async () => {
    const res = await shopFetch(`${HOOKS}/customers?email=Shop-Only@example.com`)
    expect(await res.json()).toMatchObject({
      id: 5,
      email: 'shop-only@example.com',
      firstName: 'Sam',
      lastName: 'Shop',
      isActive: true,
      passwordHash: expect.stringMatching(/^\$2y\$10\$/),
    })
    expect((await shopFetch(`${HOOKS}/customers?email=nobody@example.com`)).status).toBe(404)
  })

  it('creates bulk customers whose tokens the shop accepts but who can never log in', async () => {
    const fromId = 7_000_000 + Math.floor(Math.random() * 1_000_000)
    expect((await shopPost(`${HOOKS}/customers/bulk`, { fromId, count: 3 })).status).toBe(200)
    for (const id of [fromId, fromId + 2]) {
      const res = await shopFetch('/customers/me', { headers: { Authorization: `Bearer ${await mint(customerClaims(id, `bulk-${id}@example.com`))}` } })
      expect(await res.json()).toMatchObject({ data: { id, email: `bulk-${id}@example.com` } })
    }
    expect((await shopPost('/auth/token', { email: `bulk-${fromId}@example.com`, password: '!' })).status).toBe(401)
  })

  for (const body of [{}, { fromId: 0, count: 1 }, { fromId: 1, count: 0 }, { fromId: 1, count: 200_001 }, { fromId: '1', count: 1 }]) {
    it(`refuses a bulk request of ${JSON.stringify(body)} with 400`, async () => {
      expect((await shopPost(`${HOOKS}/customers/bulk`, body)).status).toBe(400)
    })
  }

  it('are not reachable through the gateway', async () => {
    for (const path of ['http://gatehouse.test/__demo/shop/customers?email=customer@example.com', '/__demo/shop/customers?email=customer@example.com']) {
      const res = await call(path)
      expect({ path, status: res.status, body: await res.json() }).toEqual({ path, status: 404, body: ANSWERS.notFound })
    }
  })
})
