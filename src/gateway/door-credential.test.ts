import { describe, expect, it } from 'vitest'
import { doorCredential } from './door-credential'

// Unsigned test tokens: the split reads the claims only; the verifier checks signatures.
const part = (value: unknown) => btoa(JSON.stringify(value)).replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_')
const jwt = (claims: Record<string, unknown>) => `${part({ alg: 'HS256', typ: 'JWT' })}.${part(claims)}.c2ln`

describe('doorCredential', () => {
  const rows: { name: string; authorization: string | undefined; credential: string }[] = [
    { name: 'no header', authorization: undefined, credential: 'none' },
    { name: 'a customer token', authorization: `Bearer ${jwt({ type: 'customer' })}`, credential: 'edge' },
    { name: 'a service token', authorization: `Bearer ${jwt({ type: 'api_user' })}`, credential: 'edge' },
    { name: 'lower-case scheme', authorization: `bearer ${jwt({ type: 'customer' })}`, credential: 'edge' },
    { name: "the shop OAuth server's admin token", authorization: `Bearer ${jwt({ type: 'admin', scope: 'mcp' })}`, credential: 'foreign' },
    { name: 'a JWT without type', authorization: `Bearer ${jwt({ sub: 'x' })}`, credential: 'foreign' },
    { name: 'a JWT whose type is not a string', authorization: `Bearer ${jwt({ type: ['customer'] })}`, credential: 'foreign' },
    { name: 'an opaque token', authorization: 'Bearer 0123456789abcdef0123456789abcdef', credential: 'foreign' },
    { name: 'a payload that is not JSON', authorization: 'Bearer eyJhbGciOiJIUzI1NiJ9.bm90LWpzb24.c2ln', credential: 'foreign' },
    { name: 'Basic credentials', authorization: 'Basic dXNlcjpwYXNz', credential: 'edge' },
    { name: 'a Bearer with two tokens', authorization: 'Bearer abc def', credential: 'edge' },
    { name: 'an empty Bearer', authorization: 'Bearer ', credential: 'edge' },
  ]
  for (const row of rows) {
    it(`${row.name} → ${row.credential}`, () => {
      expect(doorCredential(row.authorization)).toBe(row.credential)
    })
  }
})
