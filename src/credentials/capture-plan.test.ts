import { describe, expect, it } from 'vitest'
import { customer, service } from '../../test/helpers/principals'
import { routeMatcher, type MatchedRoute } from '../policy'
import { answeredCustomer, capturedRoute, planCopy, type CapturedRoute, type CopyPlan } from './capture-plan'

function route(method: string, path: string): MatchedRoute {
  const match = routeMatcher().match(method, path)
  if (match.kind !== 'matched') throw new Error(`${method} ${path} is not in the route table`)
  return match
}

describe('capturedRoute', () => {
  const rows: Array<{ name: string; method: string; path: string; captured: CapturedRoute | undefined }> = [
    { name: 'registration', method: 'POST', path: '/customers', captured: 'register' },
    { name: 'own password change', method: 'POST', path: '/customers/me/password', captured: 'password_change' },
    { name: 'reset', method: 'POST', path: '/customers/reset-password', captured: 'password_reset' },
    { name: 'account from an order', method: 'POST', path: '/customers/create-from-order', captured: 'create_from_order' },
    { name: 'profile update', method: 'PUT', path: '/customers/me', captured: 'email_change' },
    { name: 'social sign-in (a session, no password)', method: 'POST', path: '/customers/social-auth', captured: 'social_login' },
    { name: 'forgot password (sends a mail, changes nothing)', method: 'POST', path: '/customers/forgot-password', captured: undefined },
    { name: 'reading the profile', method: 'GET', path: '/customers/me', captured: undefined },
    { name: 'an address', method: 'POST', path: '/customers/me/addresses', captured: undefined },
    { name: 'the customer list', method: 'GET', path: '/customers', captured: undefined },
  ]
  for (const row of rows) {
    it(`${row.name}: ${row.captured ?? 'not captured'}`, () => {
      expect(capturedRoute(route(row.method, row.path))).toBe(row.captured)
    })
  }
})

describe('planCopy', () => {
  const jane = customer(7)
  const rows: Array<{
    name: string
    route: CapturedRoute
    body: Record<string, unknown>
    answer?: unknown
    principal?: typeof jane | ReturnType<typeof service>
    plan: CopyPlan
  }> = [
    {
      name: 'registration: an answer naming the id and the registered email (another case) is a copy; the password is not in the plan',
      route: 'register',
      body: { email: 'New@Example.com', password: 'pw-123456', firstName: 'N', lastName: 'W' },
      answer: { id: 42, email: 'new@example.com', firstName: 'N', lastName: 'W' },
      plan: { kind: 'create', customer: { id: 42, email: 'new@example.com', firstName: 'N', lastName: 'W' } },
    },
    {
      name: 'registration: an answer without email names no account',
      route: 'register',
      body: { email: 'new@example.com', password: 'pw-123456' },
      answer: { id: 42 },
      plan: { kind: 'unnamed', email: 'new@example.com' },
    },
    {
      name: 'registration: an answer naming another email names no account',
      route: 'register',
      body: { email: 'new@example.com', password: 'pw-123456' },
      answer: { id: 42, email: 'victim@example.com' },
      plan: { kind: 'unnamed', email: 'victim@example.com' },
    },
    {
      name: 'registration: an answer without an id names no account',
      route: 'register',
      body: { email: 'new@example.com', password: 'pw-123456' },
      answer: { demo: true },
      plan: { kind: 'unnamed', email: 'new@example.com' },
    },
    {
      name: 'account from an order: the customer member of the answer, the email only from the answer',
      route: 'create_from_order',
      body: { accountToken: 't', password: 'pw-123456', email: 'smuggled@example.com' },
      answer: { customer: { id: 9, email: 'order@example.com', firstName: 'O', lastName: 'R' }, token: 'x' },
      plan: { kind: 'create', customer: { id: 9, email: 'order@example.com', firstName: 'O', lastName: 'R' } },
    },
    {
      name: 'account from an order: an answer without email names no account',
      route: 'create_from_order',
      body: { accountToken: 't', password: 'pw-123456', email: 'smuggled@example.com' },
      answer: { customer: { id: 9 } },
      plan: { kind: 'unnamed', email: undefined },
    },
    {
      name: 'own password change by a customer: its id, its token kept, no password',
      route: 'password_change',
      body: { currentPassword: 'old', newPassword: 'new-password' },
      principal: jane,
      plan: { kind: 'change', customerId: 7, subject: 'customer_7', keepJti: jane.jti },
    },
    {
      name: 'password change without a readable new password: still a change (revoke, forget)',
      route: 'password_change',
      body: { currentPassword: 'old', newPassword: 12345678 },
      principal: jane,
      plan: { kind: 'change', customerId: 7, subject: 'customer_7', keepJti: jane.jti },
    },
    {
      name: 'password change by a service account: no customer to speak for',
      route: 'password_change',
      body: { currentPassword: 'old', newPassword: 'new-password' },
      principal: service(['all']),
      plan: { kind: 'none' },
    },
    {
      name: 'reset: the email from the body, whoever calls; never the new password',
      route: 'password_reset',
      body: { email: 'customer@example.com', resetToken: 'demo-reset-token', newPassword: 'new-password' },
      principal: jane,
      plan: { kind: 'reset', email: 'customer@example.com' },
    },
    {
      name: 'profile update with an email',
      route: 'email_change',
      body: { email: 'moved@example.com', firstName: 'J' },
      principal: jane,
      plan: { kind: 'email', customerId: 7, email: 'moved@example.com' },
    },
    {
      name: 'profile update without an email',
      route: 'email_change',
      body: { firstName: 'J' },
      principal: jane,
      plan: { kind: 'none' },
    },
    {
      name: 'profile update by a service account',
      route: 'email_change',
      body: { email: 'moved@example.com' },
      principal: service(['all']),
      plan: { kind: 'none' },
    },
    {
      name: 'social sign-in: no password to copy (the session is src/credentials/social-session.ts)',
      route: 'social_login',
      body: { provider: 'demo', providerToken: 'demo-social-token' },
      answer: { token: 'x', customer: { id: 1, email: 'customer@example.com' } },
      plan: { kind: 'none' },
    },
  ]
  for (const row of rows) {
    it(row.name, () => {
      expect(planCopy(row.route, row.body, row.answer, row.principal)).toEqual(row.plan)
    })
  }
})

describe('answeredCustomer', () => {
  const rows: Array<{ name: string; answer: unknown; id: number | undefined }> = [
    { name: 'top-level id', answer: { id: 3 }, id: 3 },
    { name: 'customer member', answer: { customer: { id: 4 } }, id: 4 },
    { name: 'string id', answer: { id: '3' }, id: undefined },
    { name: 'zero id', answer: { id: 0 }, id: undefined },
    { name: 'fractional id', answer: { id: 1.5 }, id: undefined },
    { name: 'unsafe integer', answer: { id: 2 ** 60 }, id: undefined },
    { name: 'array', answer: [{ id: 3 }], id: undefined },
    { name: 'null', answer: null, id: undefined },
  ]
  for (const row of rows) {
    it(`${row.name}: ${row.id ?? 'none'}`, () => {
      expect(answeredCustomer(row.answer)?.id).toBe(row.id)
    })
  }
})
