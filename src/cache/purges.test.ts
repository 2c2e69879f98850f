import { describe, expect, it } from 'vitest'
import { parsePurge, isPurged, type Purge } from './purges'

const AT = 1_800_000_000_000

describe('isPurged', () => {
  const PURGES: Purge[] = [
    { scope: 'path', path: '/api/rest/v2/products/1', at: AT },
    { scope: 'prefix', path: '/api/rest/v2/categories', at: AT },
  ]
  const ROWS: Array<{ path: string; storedAt: number; purged: boolean; purges?: Purge[] }> = [
    { path: '/api/rest/v2/products/1', storedAt: AT - 1, purged: true },
    { path: '/api/rest/v2/products/1', storedAt: AT, purged: true },
    { path: '/api/rest/v2/products/1', storedAt: AT + 1, purged: false },
    { path: '/api/rest/v2/products/12', storedAt: AT - 1, purged: false },
    { path: '/api/rest/v2/products', storedAt: AT - 1, purged: false },
    { path: '/api/rest/v2/categories', storedAt: AT - 1, purged: true },
    { path: '/api/rest/v2/categories/2', storedAt: AT - 1, purged: true },
    { path: '/api/rest/v2/categories-x', storedAt: AT - 1, purged: false },
    { path: '/api/rest/v2/anything', storedAt: AT - 1, purged: true, purges: [{ scope: 'everything', at: AT }] },
    { path: '/api/rest/v2/anything', storedAt: AT + 1, purged: false, purges: [{ scope: 'everything', at: AT }] },
    { path: '/api/rest/v2/products/1', storedAt: AT - 1, purged: true, purges: [{ scope: 'prefix', path: '/api/rest/v2/', at: AT }] },
  ]
  for (const row of ROWS) {
    it(`${row.path} stored ${row.storedAt - AT} ms from the purge: ${row.purged ? 'purged' : 'kept'}`, () => {
      expect(isPurged(row.path, row.storedAt, row.purges ?? PURGES)).toBe(row.purged)
    })
  }
})

describe('parsePurge', () => {
  it('reads each scope', () => {
    expect(parsePurge({ everything: true }, AT)).toEqual({ scope: 'everything', at: AT })
    expect(parsePurge({ path: '/api/rest/v2/products/1' }, AT)).toEqual({ scope: 'path', path: '/api/rest/v2/products/1', at: AT })
    expect(parsePurge({ prefix: '/api/rest/v2' }, AT)).toEqual({ scope: 'prefix', path: '/api/rest/v2', at: AT })
  })

  const BAD: unknown[] = [
    null,
    [],
    'x',
    {},
    { everything: 'true' },
    { path: '/api/rest/v2/a', prefix: '/api/rest/v2' },
    { path: '/api/rest/v20/x' },
    { path: '/api/rest/v2/a/%2e%2e/b' },
    { prefix: '' },
  ]
  for (const body of BAD) {
    it(`refuses ${JSON.stringify(body)}`, () => {
      expect(() => parsePurge(body, AT)).toThrow()
    })
  }
})
