// Bindings for the shop-fallback suites: a shop that cannot be asked, and rate limiters that
// always allow (the per-minute limits are tested elsewhere and would answer 429 long before a
// suite's tenth login of one name). Passed per request through callWith, so parallel test files
// never see them.
import { env } from 'cloudflare:workers'
import type { Env } from '../../src/core/env'
import { PASSWORD123_BCRYPT, uniqueEmail } from './accounts'
import { ANSWERS } from './answers'
import { callWith, wrap } from './gateway-env'

const allow = { limit: async () => ({ success: true }) } as unknown as RateLimit
export const UNLIMITED: Partial<Env> = { RATE_LIMIT_IP: allow, RATE_LIMIT_IDENTITY: allow }

/** An origin that refuses every connection. */
export const DEAD_SHOP = { fetch: () => Promise.reject(new Error('connection refused')) } as unknown as Fetcher

/** An origin that answers every request with `status` and a shop error body. */
export function shopAnswering(status: number): Fetcher {
  return { fetch: async () => Response.json(ANSWERS.internal, { status }) } as unknown as Fetcher
}

/** The real demo shop, recording every request it is sent (cloned, bodies readable). */
export function recordingShop(): { shop: Fetcher; seen: Request[] } {
  const seen: Request[] = []
  const shop = wrap(env.ORIGIN!, {
    fetch: (request: Request) => {
      seen.push(request.clone())
      return env.ORIGIN!.fetch(request)
    },
  })
  return { shop, seen }
}

/** POSTs a login to /auth/token with some bindings replaced (always without the per-minute limits). */
export function loginWith(overrides: Partial<Env>, body: Record<string, unknown>, headers: Record<string, string> = {}): Promise<Response> {
  return callWith({ ...UNLIMITED, ...overrides }, '/auth/token', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...headers },
    body: JSON.stringify(body),
  })
}

/** The D1 copy of a customer, as stored. */
export function customerRow(email: string) {
  return env.DB.prepare('select * from customers where lower(email) = lower(?) order by id').bind(email).first<Record<string, unknown>>()
}

/** The D1 copy of a service account, as stored. */
export function serviceRow(id: number) {
  return env.DB.prepare('select * from service_accounts where id = ?').bind(id).first<Record<string, unknown>>()
}

/** A customer only the demo shop has (password `password123`, the second factor on with `twofaSecret`), with a unique email; returns its id and email. */
export async function createShopCustomer(tag: string, twofaSecret?: string): Promise<{ id: number; email: string }> {
  const res = await env.ORIGIN!.fetch('http://shop.test/__demo/shop/customers', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ email: uniqueEmail(tag), passwordHash: PASSWORD123_BCRYPT, firstName: 'Shop', lastName: 'Only', twofaSecret }),
  })
  if (res.status !== 200) throw new Error(`demo shop answered ${res.status}`)
  return res.json<{ id: number; email: string }>()
}
