import { describe, expect, it } from 'vitest'
import { parseCacheControl } from './cache-control'

describe('parseCacheControl', () => {
  it('reads the directives the edge cache uses, any case, any spacing', () => {
    expect(parseCacheControl(' Public ,MAX-AGE=60, s-maxage=30 , stale-while-revalidate=5, must-revalidate')).toEqual({
      public: true,
      private: false,
      noStore: false,
      noCache: false,
      maxAge: 60,
      sMaxAge: 30,
      staleWhileRevalidate: 5,
    })
  })

  it('reads field-qualified private / no-cache as the directive itself', () => {
    expect(parseCacheControl('public, private="Set-Cookie", no-cache="X-A"')).toMatchObject({ private: true, noCache: true })
  })

  it('leaves a malformed lifetime unset', () => {
    for (const value of ['max-age=', 'max-age=-1', 'max-age=1.5', 'max-age=abc', 'max-age=99999999999']) {
      expect(parseCacheControl(value).maxAge).toBeUndefined()
    }
  })

  it('reads nothing from an absent header', () => {
    expect(parseCacheControl(null)).toEqual({
      public: false,
      private: false,
      noStore: false,
      noCache: false,
      maxAge: undefined,
      sMaxAge: undefined,
      staleWhileRevalidate: undefined,
    })
  })
})
