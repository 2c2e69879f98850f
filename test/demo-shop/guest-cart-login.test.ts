// A customer login at the demo shop that carries a guest cart: the shop merges it and answers the
// customer's cart fields. Each test registers its own customer (the shop's state is shared).
import { describe, expect, it } from 'vitest'
import { uniqueEmail } from '../helpers/accounts'
import { shopFetch, shopPost } from '../helpers/shop'

interface Cart {
  id: number
  maskedId: string
}

async function guestCartWith(items: number): Promise<Cart> {
  const cart = await (await shopPost('/guest-carts', {})).json<Cart>()
  expect(cart.maskedId).toMatch(/^[0-9a-f]{32}$/)
  if (items > 0) expect((await shopPost(`/guest-carts/${cart.maskedId}/items`, { qty: items })).status).toBe(200)
  return cart
}

async function newCustomer(): Promise<string> {
  const email = uniqueEmail('cart')
  expect((await shopPost('/customers', { email, password: 'password123', firstName: 'Cart', lastName: 'Owner' })).status).toBe(200)
  return email
}

async function login(body: Record<string, unknown>) {
  const res = await shopPost('/auth/token', body)
  expect(res.status).toBe(200)
  return res.json<{ cartId: number | null; cartMaskedId: string | null; cartItemsQty: number }>()
}

const cartFields = ({ cartId, cartMaskedId, cartItemsQty }: Awaited<ReturnType<typeof login>>) => ({ cartId, cartMaskedId, cartItemsQty })

describe('demo shop customer login with a guest cart', () => {
  it("makes the guest cart the customer's when they have none (maskedId)", async () => {
    const email = await newCustomer()
    const guest = await guestCartWith(2)
    expect(cartFields(await login({ email, password: 'password123', maskedId: guest.maskedId }))).toEqual({
      cartId: guest.id,
      cartMaskedId: guest.maskedId,
      cartItemsQty: 2,
    })
    // It is no longer a guest cart, and the next login without one still answers it.
    expect((await shopFetch(`/guest-carts/${guest.maskedId}`)).status).toBe(404)
    expect(cartFields(await login({ email, password: 'password123' }))).toEqual({ cartId: guest.id, cartMaskedId: guest.maskedId, cartItemsQty: 2 })
  })

  it("merges a second guest cart into the customer's cart (cartId, then guestCartId)", async () => {
    const email = await newCustomer()
    const first = await guestCartWith(2)
    await login({ email, password: 'password123', cartId: first.maskedId })
    const second = await guestCartWith(3)
    expect(cartFields(await login({ email, password: 'password123', guestCartId: second.maskedId }))).toEqual({
      cartId: first.id,
      cartMaskedId: first.maskedId,
      cartItemsQty: 5,
    })
    expect((await shopFetch(`/guest-carts/${second.maskedId}`)).status).toBe(404)
  })

  it('counts a guest cart once when five logins carry it at the same time', async () => {
    const email = await newCustomer()
    await login({ email, password: 'password123', maskedId: (await guestCartWith(1)).maskedId })
    const guest = await guestCartWith(4)
    await Promise.all(Array.from({ length: 5 }, () => login({ email, password: 'password123', maskedId: guest.maskedId })))
    expect((await login({ email, password: 'password123' })).cartItemsQty).toBe(5)
  })

  it('logs in without a cart when the guest cart is unknown or not 32 hex', async () => {
    const email = await newCustomer()
    for (const maskedId of ['0'.repeat(32), 'not-a-cart', 42]) {
      expect(cartFields(await login({ email, password: 'password123', maskedId }))).toEqual({ cartId: null, cartMaskedId: null, cartItemsQty: 0 })
    }
  })

  it('never lets a failed login take a guest cart', async () => {
    const email = await newCustomer()
    const guest = await guestCartWith(1)
    expect((await shopPost('/auth/token', { email, password: 'wrong-password', maskedId: guest.maskedId })).status).toBe(401)
    expect(await (await shopFetch(`/guest-carts/${guest.maskedId}`)).json()).toMatchObject({ id: guest.id, maskedId: guest.maskedId, itemsQty: 1 })
  })
})
