import { type Principal, sameEmail } from '../core'
import type { MatchedRoute } from '../policy'

/**
 * The routes whose 2xx answer from the shop changes a customer's credentials, or (`social_login`)
 * starts a session at the edge: their bodies are read once, strictly, before the shop sees them.
 */
export type CapturedRoute = 'register' | 'password_change' | 'password_reset' | 'create_from_order' | 'email_change' | 'social_login'

// Keyed by the route table's rule (policy/routes.tsv), never by the raw path: the gateway matched
// the canonical form, so every spelling of a path that reaches the shop is captured.
const CAPTURED: ReadonlyMap<string, CapturedRoute> = new Map([
  ['POST /customers', 'register'],
  ['POST /customers/me/password', 'password_change'],
  ['POST /customers/reset-password', 'password_reset'],
  ['POST /customers/create-from-order', 'create_from_order'],
  ['PUT /customers/me', 'email_change'],
  ['POST /customers/social-auth', 'social_login'],
])

/** Whether a matched route is one whose body the gateway reads to keep the edge copy current. Pure. */
export function capturedRoute(route: MatchedRoute): CapturedRoute | undefined {
  return CAPTURED.get(`${route.rule.method} ${route.rule.template}`)
}

/** A customer as the shop's answer names it. */
export interface AnsweredCustomer {
  id: number
  email: string | undefined
  firstName: string | undefined
  lastName: string | undefined
}

/**
 * What a 2xx from the shop means for the edge copy, read from the request body the gateway parsed,
 * the caller and (for the routes that create an account) the shop's answer. No plan carries the
 * secret the client sent: a 2xx does not prove the shop took it (a maintenance page, an
 * anti-enumeration 200, a proxy in front of the shop answer 2xx too), so the copy is marked "ask
 * the shop first" and the shop's own token endpoint confirms the new secret at the next login
 * (docs/credentials.md, "Write-through").
 */
export type CopyPlan =
  /** Registration or an account made from an order whose answer names the new id and email: an unconfirmed copy. */
  | { kind: 'create'; customer: AnsweredCustomer & { email: string } }
  /** A creation whose answer does not name the new account: the copies holding `email` (if any) ask the shop first. */
  | { kind: 'unnamed'; email: string | undefined }
  /** The caller's own password change: the copy forgets its password, every other token of the caller is revoked. */
  | { kind: 'change'; customerId: number; subject: string; keepJti: string }
  /** A reset names an email: every copy it could mean forgets its password, all their tokens are revoked. */
  | { kind: 'reset'; email: string | undefined }
  /** The caller's profile update carrying an email. */
  | { kind: 'email'; customerId: number; email: string }
  /** Nothing to capture (a service account on a customer route, a profile update without email). */
  | { kind: 'none' }

/**
 * The plan for one captured route. Pure. A registration is taken as named only when the answer's
 * email is the one registered (compared as the shop's database compares emails).
 *
 * @example
 * planCopy('password_reset', { email, resetToken, newPassword }, undefined, undefined)
 * // { kind: 'reset', email }
 */
export function planCopy(route: CapturedRoute, body: Record<string, unknown>, answer: unknown, principal: Principal | undefined): CopyPlan {
  const customer = principal?.type === 'customer' ? principal : undefined
  switch (route) {
    case 'register': {
      const answered = answeredCustomer(answer)
      const email = text(body.email)
      const named = answered?.email !== undefined && email !== undefined && sameEmail(answered.email, email)
      return named ? { kind: 'create', customer: { ...answered, email: answered.email! } } : { kind: 'unnamed', email: answered?.email ?? email }
    }
    case 'create_from_order': {
      const answered = answeredCustomer(answer)
      return answered?.email !== undefined ? { kind: 'create', customer: { ...answered, email: answered.email } } : { kind: 'unnamed', email: undefined }
    }
    case 'password_change':
      if (!customer) return { kind: 'none' }
      return { kind: 'change', customerId: customer.customerId, subject: customer.subject, keepJti: customer.jti }
    case 'password_reset':
      return { kind: 'reset', email: text(body.email) }
    case 'email_change': {
      const email = text(body.email)
      if (!customer || email === undefined) return { kind: 'none' }
      return { kind: 'email', customerId: customer.customerId, email }
    }
    case 'social_login':
      // No password to copy; the session it starts is src/gateway/social-session.ts.
      return { kind: 'none' }
  }
}

/**
 * The customer in the shop's answer: the answer itself (`{"id", "email", ...}`, as registration
 * answers) or its `customer` member (as the token endpoint answers). Undefined without a positive
 * integer id.
 */
export function answeredCustomer(answer: unknown): AnsweredCustomer | undefined {
  if (!isObject(answer)) return undefined
  const source = isObject(answer.customer) ? answer.customer : answer
  const id = source.id
  if (typeof id !== 'number' || !Number.isSafeInteger(id) || id < 1) return undefined
  return { id, email: text(source.email), firstName: text(source.firstName), lastName: text(source.lastName) }
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}
