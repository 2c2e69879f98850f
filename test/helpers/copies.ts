// The gateway's D1 copy of customers, read and prepared directly for write-through tests.
import { env } from 'cloudflare:workers'
import { createCustomer } from './accounts'

/** When the copies made by `copiedCustomer` were last confirmed by the shop: a minute ago. */
export const CONFIRMED_AGO_SECONDS = 60

export interface CopyRow {
  id: number
  email: string
  password_hash: string
  first_name: string
  last_name: string
  confirmed_at: number | null
  shop_password_hash: string | null
}

/**
 * A customer in the demo shop and in D1 (password `password123`) whose copy the shop confirmed a
 * minute ago, so a test can see the write-through clear `confirmed_at` or leave it.
 */
export async function copiedCustomer(): Promise<{ id: number; email: string }> {
  const customer = await createCustomer()
  await env.DB.prepare('update customers set confirmed_at = ? where id = ?').bind(Math.floor(Date.now() / 1000) - CONFIRMED_AGO_SECONDS, customer.id).run()
  return customer
}

export function copyOf(id: number): Promise<CopyRow | null> {
  return env.DB.prepare('select id, email, password_hash, first_name, last_name, confirmed_at, shop_password_hash from customers where id = ?')
    .bind(id).first<CopyRow>()
}

export async function copiesOf(email: string): Promise<CopyRow[]> {
  const rows = await env.DB.prepare('select id, email, password_hash, first_name, last_name, confirmed_at, shop_password_hash from customers where lower(email) = lower(?)')
    .bind(email).all<CopyRow>()
  return rows.results
}
