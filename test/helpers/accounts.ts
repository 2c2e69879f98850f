import { env } from 'cloudflare:workers'

let counter = 0
/** A unique email for this test run, so per-email rate limits never meet another test's. */
export function uniqueEmail(tag: string): string {
  counter += 1
  return `${tag}-${Date.now().toString(36)}-${counter}-${Math.random().toString(36).slice(2, 8)}@example.com`
}

/**
 * Inserts a customer copy whose password is `password123` (the seed's bcrypt hash of customer 1),
 * or the given stored hash, and returns its id and email. The copy counts as confirmed by the shop
 * just now (as the seed's do) unless `confirmedAt` says otherwise (null: never confirmed); the
 * demo shop itself does not know it.
 */
export async function createCustomer(options: { email?: string; hash?: string; active?: boolean; confirmedAt?: number | null } = {}) {
  const email = options.email ?? uniqueEmail('customer')
  const hash = options.hash ?? (await env.DB.prepare('select password_hash from customers where id = 1').first<string>('password_hash'))
  const row = await env.DB.prepare(
    `insert into customers (id, email, password_hash, first_name, last_name, is_active, confirmed_at)
     values ((select coalesce(max(id), 0) + 1 from customers), ?, ?, 'Test', 'User', ?, ?) returning id`,
  ).bind(email, hash, options.active === false ? 0 : 1, options.confirmedAt === undefined ? Math.floor(Date.now() / 1000) : options.confirmedAt).first<number>('id')
  return { id: row!, email }
}

export async function storedHash(id: number): Promise<string> {
  return (await env.DB.prepare('select password_hash from customers where id = ?').bind(id).first<string>('password_hash'))!
}
