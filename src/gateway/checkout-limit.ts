import { clientBucket } from '../auth'
import { type Principal, fail } from '../core'
import type { CheckoutLimits } from '../config'
import type { RequestContext } from '../context'
import { countAttempts } from '../db'
import type { ResolvedRoute } from '../policy'

// Where a card-testing run spends its attempts: placing an order and setting a payment method,
// for a customer's cart and a guest cart alike (docs/security.md, "Card testing"). Templates with
// their parameter names blanked, so that the shop's own names ({cartId}, {id}) match alike.
const LIMITED: ReadonlySet<string> = new Set([
  'POST /carts/{}/place-order',
  'POST /guest-carts/{}/place-order',
  'POST /orders',
  'PUT /carts/{}/payment-method',
  'PUT /guest-carts/{}/payment-method',
])

/** Whether a matched route is one of the order and payment routes counted per IP and customer. Pure. */
export function isCheckoutRoute(route: Pick<ResolvedRoute, 'rule'>): boolean {
  let limited = checkoutRule.get(route.rule)
  if (limited === undefined) {
    limited = LIMITED.has(`${route.rule.method} ${route.rule.template.replace(/\{[^}]*\}/g, '{}')}`)
    checkoutRule.set(route.rule, limited)
  }
  return limited
}

// The answer per rule of the compiled table (built once per isolate), so a request pays one lookup.
const checkoutRule = new WeakMap<ResolvedRoute['rule'], boolean>()

/**
 * The buckets an order or payment attempt counts against: the client's IP (an IPv6 client by its
 * /64) and, for a customer token, the customer. Service tokens are integrations the operator
 * issued, not storefront traffic: they count against nothing. A limit of 0 turns its bucket off. Pure.
 */
export function checkoutBuckets(principal: Principal | undefined, clientIp: string | undefined, limits: CheckoutLimits): { bucket: string; limit: number }[] {
  if (principal?.type === 'api_user') return []
  const buckets = [{ bucket: `ip:${clientIp?.trim() ? clientBucket(clientIp) : 'unknown'}`, limit: limits.perIp }]
  if (principal?.type === 'customer') buckets.push({ bucket: `customer:${principal.customerId}`, limit: limits.perCustomer })
  return buckets.filter((b) => b.limit > 0)
}

/**
 * Counts an order or payment attempt before it reaches the shop, and refuses it with 429 (the
 * shop's error body, `Retry-After` until the window ends) once a bucket passes its limit within
 * CHECKOUT_WINDOW_SECONDS. Other routes pass untouched. D1 down: 503, never an uncounted attempt.
 */
export async function limitCheckout(route: ResolvedRoute, principal: Principal | undefined, ctx: RequestContext): Promise<void> {
  if (!isCheckoutRoute(route)) return
  const limits = ctx.config.checkout
  const buckets = checkoutBuckets(principal, ctx.clientIp, limits)
  if (buckets.length === 0) return
  const now = Math.floor(ctx.now)
  const counts = await countAttempts(
    ctx.env.DB,
    buckets.map((b) => b.bucket),
    now,
    limits.windowSeconds,
  )
  const over = counts.find((counted, i) => counted.count > buckets[i]!.limit)
  if (!over) return
  const retryAfter = Math.max(1, over.windowStartedAt + limits.windowSeconds - now)
  fail('too_many_requests', {
    detail: `checkout limit hit for ${over.bucket.split(':')[0]}`,
    headers: { 'Retry-After': String(retryAfter) },
    event: { event: 'checkout_limited', bucket: over.bucket.split(':')[0], route: route.rule.template, subject: principal?.subject ?? null },
  })
}
