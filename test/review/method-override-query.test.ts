// The gateway drops the method-override headers, but Symfony-style frameworks (the shop's API
// Platform stack, with http_method_override on) also take the override from a `_method` parameter,
// and PHP reads `.method`, ` .method` and `%5Fmethod` as `_method` too. POST /customers is public
// (sign-up) while GET /customers is admin: `POST /customers?_method=GET` reached the shop intact.
import { describe, expect, it } from 'vitest'
import { call } from '../helpers/http'

interface Echo { method: string; path: string }

const CASES = [
  { query: '?_method=GET', forwarded: '' },
  { query: '?_METHOD=GET', forwarded: '' },
  { query: '?%5Fmethod=GET', forwarded: '' },
  { query: '?.method=GET', forwarded: '' },
  { query: '?+.method=GET', forwarded: '' },
  { query: '?_method[]=GET', forwarded: '' },
  { query: '?a=1&_method=GET&b=%20x', forwarded: '?a=1&b=%20x' },
  { query: '?a=1&_method=DELETE&_method=GET', forwarded: '?a=1' },
  { query: '?my_method=GET&method=GET', forwarded: '?my_method=GET&method=GET' },
]

describe('method override through the query string', () => {
  it.each(CASES)('POST /customers$query reaches the shop as POST /customers$forwarded', async ({ query, forwarded }) => {
    const res = await call(`/customers${query}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' })
    expect(res.status).toBe(200)
    const echo = await res.json<Echo>()
    expect(echo.method).toBe('POST')
    expect(echo.path).toBe(`/api/rest/v2/customers${forwarded}`)
  })
})
