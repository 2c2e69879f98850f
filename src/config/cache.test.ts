import { describe, expect, it } from 'vitest'
import { ConfigError, type Env } from '../core'
import { DEFAULT_CACHE_MAX_AGE_SECONDS, parseCacheConfig } from './cache'

const read = (vars: Partial<Env>) => parseCacheConfig(vars as Env)

describe('parseCacheConfig', () => {
  it('is on by default for every public GET route, capped at 300 s', () => {
    expect(read({})).toEqual({ enabled: true, maxAgeSeconds: DEFAULT_CACHE_MAX_AGE_SECONDS, offRoutes: new Set(), ignoredCookies: new Set() })
    expect(DEFAULT_CACHE_MAX_AGE_SECONDS).toBe(300)
  })

  it('reads EDGE_CACHE=off, a cap, and route templates to leave out', () => {
    expect(
      read({ EDGE_CACHE: 'off', EDGE_CACHE_MAX_AGE: '60', EDGE_CACHE_OFF_ROUTES: ' /products/{id} ,/cms-pages,', EDGE_CACHE_IGNORED_COOKIES: ' _ga, _gid,' }),
    ).toEqual({
      enabled: false,
      maxAgeSeconds: 60,
      offRoutes: new Set(['/products/{id}', '/cms-pages']),
      ignoredCookies: new Set(['_ga', '_gid']),
    })
  })

  const BAD: Array<{ name: string; vars: Partial<Env>; message: string }> = [
    { name: 'EDGE_CACHE=yes', vars: { EDGE_CACHE: 'yes' }, message: 'EDGE_CACHE must be on or off' },
    { name: 'a negative cap', vars: { EDGE_CACHE_MAX_AGE: '-1' }, message: 'EDGE_CACHE_MAX_AGE must be a whole number' },
    { name: 'a cap over a day', vars: { EDGE_CACHE_MAX_AGE: '86401' }, message: 'EDGE_CACHE_MAX_AGE must be a whole number' },
    { name: 'a route not in the table', vars: { EDGE_CACHE_OFF_ROUTES: '/product/{id}' }, message: 'EDGE_CACHE_OFF_ROUTES entry "/product/{id}"' },
    { name: 'a route that is not public', vars: { EDGE_CACHE_OFF_ROUTES: '/customers/me' }, message: 'is not a public GET route' },
    { name: 'a full path instead of a template', vars: { EDGE_CACHE_OFF_ROUTES: '/api/rest/v2/products' }, message: 'is not a public GET route' },
    {
      name: 'an ignored cookie that is no cookie name',
      vars: { EDGE_CACHE_IGNORED_COOKIES: '_ga=1' },
      message: 'EDGE_CACHE_IGNORED_COOKIES entry "_ga=1" is not a cookie name',
    },
    { name: 'an ignored session cookie', vars: { EDGE_CACHE_IGNORED_COOKIES: '_ga,__Host-gh_access' }, message: "must not list gatehouse's session cookie" },
  ]
  for (const row of BAD) {
    it(`fails loudly on ${row.name}`, () => {
      expect(() => read(row.vars)).toThrow(ConfigError)
      expect(() => read(row.vars)).toThrow(row.message)
    })
  }
})
