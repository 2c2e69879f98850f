import { describe, expect, it } from 'vitest'
import { sessionConstraint } from './session'

// Only the credential reads of a login and a refresh may start at a replica; everything else,
// including near-misses of those two routes, starts on the primary.
const CASES: { name: string; method: string; path: string; constraint: D1SessionConstraint }[] = [
  { name: 'a login', method: 'POST', path: '/api/rest/v2/auth/token', constraint: 'first-unconstrained' },
  { name: 'a refresh', method: 'POST', path: '/api/rest/v2/auth/refresh', constraint: 'first-unconstrained' },
  { name: 'a logout', method: 'POST', path: '/api/rest/v2/auth/logout', constraint: 'first-primary' },
  { name: 'a GET of the token endpoint', method: 'GET', path: '/api/rest/v2/auth/token', constraint: 'first-primary' },
  { name: 'a lower-case method', method: 'post', path: '/api/rest/v2/auth/token', constraint: 'first-primary' },
  { name: 'a trailing slash', method: 'POST', path: '/api/rest/v2/auth/token/', constraint: 'first-primary' },
  { name: 'a different case', method: 'POST', path: '/api/rest/v2/auth/Token', constraint: 'first-primary' },
  { name: 'an encoded path', method: 'POST', path: '/api/rest/v2/auth/%74oken', constraint: 'first-primary' },
  { name: 'a password change', method: 'PUT', path: '/api/rest/v2/customers/me/password', constraint: 'first-primary' },
  { name: 'a registration', method: 'POST', path: '/api/rest/v2/customers', constraint: 'first-primary' },
  { name: 'a public GET', method: 'GET', path: '/api/rest/v2/products', constraint: 'first-primary' },
  { name: 'outside the API', method: 'POST', path: '/auth/token', constraint: 'first-primary' },
]

describe("sessionConstraint: where a request's first D1 read may go", () => {
  it.each(CASES)('$name ($method $path) → $constraint', ({ method, path, constraint }) => {
    expect(sessionConstraint(method, path)).toBe(constraint)
  })
})
