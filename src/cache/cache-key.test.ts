import { describe, expect, it } from 'vitest'
import { cacheKey } from './cache-key'

const URL_OF = new URL('https://shop.example.com/api/rest/v2/products/1?store=en&x=1')
const key = (headers: Record<string, string>, url = URL_OF, path = '/api/rest/v2/products/1') => cacheKey(url, path, new Headers(headers))

describe('cacheKey', () => {
  it('is the canonical path and the query as forwarded, under the request host, with the four variant headers', () => {
    expect(key({ Accept: 'application/json', 'Accept-Encoding': 'gzip, br', 'X-Store-Code': 'en', 'X-Currency-Code': 'EUR' })).toBe(
      'https://shop.example.com/__gatehouse-cache/v1/=application%2Fjson/=gzip%2C%20br/=en/=EUR/api/rest/v2/products/1?store=en&x=1',
    )
  })

  it('tells absent from empty, and no value can shift into another part', () => {
    const keys = [
      key({}),
      key({ Accept: '' }),
      key({ 'X-Store-Code': '' }),
      key({ 'X-Store-Code': 'a/=b' }),
      key({ 'X-Store-Code': 'a', 'X-Currency-Code': '=b' }),
      key({ Accept: '-' }),
      key({ Accept: '..' }),
      key({ 'Accept-Encoding': 'gzip' }),
      key({ 'Accept-Encoding': '' }),
    ]
    expect(new Set(keys).size).toBe(keys.length)
  })

  it('ignores every other header', () => {
    expect(key({ Cookie: 'a=1', Authorization: 'Bearer x', 'Cache-Control': 'no-cache', 'User-Agent': 'u' })).toBe(key({}))
  })

  it('uses the canonical path it is given, not the raw one', () => {
    expect(key({}, new URL('https://shop.example.com/api/rest/v2/./products//1'), '/api/rest/v2/products/1')).toBe(
      'https://shop.example.com/__gatehouse-cache/v1/-/-/-/-/api/rest/v2/products/1',
    )
  })
})
