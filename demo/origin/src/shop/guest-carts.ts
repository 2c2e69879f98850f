// Guest carts, enough to log in with one: create, add items, read. Answers are the echo plus the
// cart's fields; a customer login carrying the cart's masked id merges it (token-endpoint.ts).
import type { Context } from 'hono'
import { echo } from '../echo'
import type { ShopApp } from './app'
import { readFields } from './body'
import { addGuestItems, createGuestCart, guestCart, MASKED_ID } from './carts'
import { shopError } from './errors'
import type { CartRow } from './schema'
import { shopDb } from './state'

const MAX_QTY = 1000

/** POST /guest-carts: a new empty guest cart. */
export async function newGuestCart(c: Context<ShopApp>): Promise<Response> {
  const cart = await createGuestCart(await shopDb(c.env.SHOP_DB))
  return c.json(await echo(c.req.raw, cartFields(cart)))
}

/** POST /guest-carts/{id}/items `{qty}` (default 1): adds that many items. */
export async function addItems(c: Context<ShopApp>): Promise<Response> {
  const fields = (await readFields(c.req.raw.clone())) ?? {}
  const qty = fields.qty ?? 1
  if (!Number.isSafeInteger(qty) || (qty as number) < 1 || (qty as number) > MAX_QTY) return shopError('invalid_qty')
  const maskedId = c.req.param('id') ?? ''
  const cart = MASKED_ID.test(maskedId) ? await addGuestItems(await shopDb(c.env.SHOP_DB), maskedId, qty as number) : undefined
  return cart ? c.json(await echo(c.req.raw, cartFields(cart))) : shopError('cart_not_found')
}

/** GET /guest-carts/{id}: the active guest cart, 404 once it was merged into a customer's. */
export async function showGuestCart(c: Context<ShopApp>): Promise<Response> {
  const maskedId = c.req.param('id') ?? ''
  const cart = MASKED_ID.test(maskedId) ? await guestCart(await shopDb(c.env.SHOP_DB), maskedId) : undefined
  return cart ? c.json(await echo(c.req.raw, cartFields(cart))) : shopError('cart_not_found')
}

function cartFields(cart: CartRow) {
  return { id: cart.id, maskedId: cart.maskedId, itemsQty: cart.itemsQty }
}
