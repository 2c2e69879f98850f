// Carts, only as far as logins need them: a customer's active cart (its id, masked id and item
// count go into the customer token answer) and guest carts that a login merges into it.
import { and, eq, isNull, sql } from 'drizzle-orm'
import { carts, type CartRow } from './schema'
import type { ShopDb } from './state'

/** A guest cart id as the shop writes it: 32 lowercase hex. */
export const MASKED_ID = /^[0-9a-f]{32}$/

/** The cart fields of a customer token answer. */
export interface CartFields {
  cartId: number | null
  cartMaskedId: string | null
  cartItemsQty: number
}

export async function customerCart(db: ShopDb, customerId: number): Promise<CartFields> {
  const cart = await db
    .select()
    .from(carts)
    .where(and(eq(carts.customerId, customerId), eq(carts.isActive, true)))
    .get()
  return cart ? { cartId: cart.id, cartMaskedId: cart.maskedId, cartItemsQty: cart.itemsQty } : { cartId: null, cartMaskedId: null, cartItemsQty: 0 }
}

/**
 * Merges the active guest cart `maskedId` into the customer's cart, or makes it the customer's
 * cart when they have none. An unknown or already merged guest cart changes nothing (the login
 * still succeeds, as in the shop). One batch, so the guest cart is never counted twice.
 */
export async function mergeGuestCart(db: ShopDb, customerId: number, maskedId: string): Promise<void> {
  const guest = and(eq(carts.maskedId, maskedId), isNull(carts.customerId), eq(carts.isActive, true))
  const own = await db
    .select({ id: carts.id })
    .from(carts)
    .where(and(eq(carts.customerId, customerId), eq(carts.isActive, true)))
    .get()
  if (!own) {
    await db.update(carts).set({ customerId }).where(guest)
    return
  }
  const guestQty = sql`(select ${carts.itemsQty} from ${carts} where ${guest})`
  await db.batch([
    db
      .update(carts)
      .set({ itemsQty: sql`${carts.itemsQty} + coalesce(${guestQty}, 0)` })
      .where(eq(carts.id, own.id)),
    db.update(carts).set({ isActive: false }).where(guest),
  ])
}

export async function createGuestCart(db: ShopDb): Promise<CartRow> {
  const maskedId = [...crypto.getRandomValues(new Uint8Array(16))].map((b) => b.toString(16).padStart(2, '0')).join('')
  return await db.insert(carts).values({ maskedId, customerId: null, itemsQty: 0, isActive: true }).returning().get()
}

/** Adds `qty` items to an active guest cart; undefined when there is no such cart. */
export async function addGuestItems(db: ShopDb, maskedId: string, qty: number): Promise<CartRow | undefined> {
  const guest = and(eq(carts.maskedId, maskedId), isNull(carts.customerId), eq(carts.isActive, true))
  return await db
    .update(carts)
    .set({ itemsQty: sql`${carts.itemsQty} + ${qty}` })
    .where(guest)
    .returning()
    .get()
}

export async function guestCart(db: ShopDb, maskedId: string): Promise<CartRow | undefined> {
  return await db
    .select()
    .from(carts)
    .where(and(eq(carts.maskedId, maskedId), isNull(carts.customerId), eq(carts.isActive, true)))
    .get()
}
