import { describe, expect, it } from 'vitest'
import { isCanonicalBase64url } from './base64url'

// What any decoder makes of `text`: RFC 4648 base64url, unused bits ignored.
const bytesOf = (text: string) => [...atob(text.replaceAll('-', '+').replaceAll('_', '/'))].map((c) => c.charCodeAt(0))

describe('isCanonicalBase64url', () => {
  it.each(['', 'AQ', 'AAE', 'AAAA', 'eyJhbGciOiJIUzI1NiJ9', 'q83vEjRWeJA', '_-8'])('takes %j', (text) => {
    expect(isCanonicalBase64url(text)).toBe(true)
  })

  // Each is a second spelling of the canonical text beside it: the same bytes once decoded.
  it.each([
    ['AR', 'AQ'],
    ['AB', 'AA'],
    ['AAF', 'AAE'],
    ['q83vEjRWeJB', 'q83vEjRWeJA'],
    ['_-9', '_-8'],
  ])('refuses %j, another spelling of %j', (respelled, canonical) => {
    expect(bytesOf(respelled)).toEqual(bytesOf(canonical))
    expect(isCanonicalBase64url(respelled)).toBe(false)
  })

  it.each(['A', 'AAAAA', 'AA==', 'A+/A', 'AA AA'])('refuses %j, which is no unpadded base64url', (text) => {
    expect(isCanonicalBase64url(text)).toBe(false)
  })
})
