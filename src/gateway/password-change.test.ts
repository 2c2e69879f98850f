import { describe, expect, it } from 'vitest'
import { customer, service } from '../../test/helpers/principals'
import type { MatchedRoute } from '../policy'
import { routeMatcher } from '../policy'
import { changedOwnPassword } from './password-change'

function route(method: string, path: string): MatchedRoute {
  const match = routeMatcher().match(method, path)
  if (match.kind !== 'matched') throw new Error(`${method} ${path} is not in the route table`)
  return match
}

const CHANGE = route('POST', '/customers/me/password')
const ROWS = [
  { name: 'customer, 200', route: CHANGE, principal: customer(1), status: 200, revokes: true },
  { name: 'customer, 204', route: CHANGE, principal: customer(1), status: 204, revokes: true },
  { name: 'customer, 299', route: CHANGE, principal: customer(1), status: 299, revokes: true },
  { name: 'customer, 302 (a redirect is not a change)', route: CHANGE, principal: customer(1), status: 302, revokes: false },
  { name: 'customer, 400', route: CHANGE, principal: customer(1), status: 400, revokes: false },
  { name: 'customer, 422', route: CHANGE, principal: customer(1), status: 422, revokes: false },
  { name: 'customer, 500', route: CHANGE, principal: customer(1), status: 500, revokes: false },
  { name: 'service account, 200 (no customer to speak for)', route: CHANGE, principal: service(['all']), status: 200, revokes: false },
  { name: 'no principal, 200', route: CHANGE, principal: undefined, status: 200, revokes: false },
  { name: 'profile update PUT /customers/me, 200', route: route('PUT', '/customers/me'), principal: customer(1), status: 200, revokes: false },
  { name: 'password reset (public, caller unknown), 200', route: route('POST', '/customers/reset-password'), principal: customer(1), status: 200, revokes: false },
]

describe('changedOwnPassword', () => {
  for (const row of ROWS) {
    it(`${row.name}: ${row.revokes ? 'revokes' : 'revokes nothing'}`, () => {
      expect(changedOwnPassword(row.route, row.principal, row.status)).toBe(row.revokes)
    })
  }
})
