import { env } from 'cloudflare:workers'
import { emailKey } from '../../src/core/email-key'

let counter = 0
/**
 * `password123` in the shop's format (bcrypt `$2y$`) at cost 4, the lowest bcrypt allows: an account
 * a test makes costs about a millisecond a login instead of the ~75 ms of the seeded accounts' cost
 * 10, at the gateway and again at the demo shop. Every path a cost-10 hash takes, this one takes.
 */
export const PASSWORD123_BCRYPT = '$2y$04$WhG/y8BAAfh/LPPOY4kgXuP16M4FIk2SkMyYfHG3sLSu4ZFVwp8ye'
/** A unique email for this test run, so per-email rate limits never meet another test's. */
export function uniqueEmail(tag: string): string {
  counter += 1
  return `${tag}-${Date.now().toString(36)}-${counter}-${Math.random().toString(36).slice(2, 8)}@example.com`
}

/**
 * Creates a customer in both stores, as an account the gateway has already copied from the shop:
 * first in the demo shop (which hands out the id, unique across all test files), then in this
 * file's D1 with that id. The password is `password123` (the seed's bcrypt hash of customer 1)
 * unless another stored hash is given; both stores hold the same hash. The copy counts as confirmed
 * by the shop just now (as the seed's do) unless `confirmedAt` says otherwise (null: never confirmed).
 */
export async function createCustomer(options: { email?: string; hash?: string; active?: boolean; confirmedAt?: number | null } = {}) {
  const email = options.email ?? uniqueEmail('customer')
  const hash = options.hash ?? PASSWORD123_BCRYPT
  const active = options.active !== false
  const res = await env.ORIGIN!.fetch('http://origin.test/__demo/shop/customers', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ email, passwordHash: hash, isActive: active }),
  })
  if (!res.ok) throw new Error(`demo shop refused the customer: ${res.status} ${await res.text()}`)
  const { id } = await res.json<{ id: number }>()
  await env.DB.prepare(
    `insert into customers (id, email, email_key, password_hash, first_name, last_name, is_active, confirmed_at) values (?, ?, ?, ?, 'Test', 'User', ?, ?)`,
  )
    .bind(id, email, emailKey(email), hash, active ? 1 : 0, options.confirmedAt === undefined ? Math.floor(Date.now() / 1000) : options.confirmedAt)
    .run()
  return { id, email }
}

export async function storedHash(id: number): Promise<string> {
  return (await env.DB.prepare('select password_hash from customers where id = ?').bind(id).first<string>('password_hash'))!
}
