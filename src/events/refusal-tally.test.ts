import { describe, expect, it } from 'vitest'
import { NO_ROUTE, RefusalTally } from './refusal-tally'

// 12:00:05 of some day: 55 s left in the minute.
const T = 29_000_000 * 60_000 + 5_000
const MINUTE = 29_000_000

describe('RefusalTally', () => {
  it('writes the first refusal at once, then holds counts until 10 s have passed', () => {
    const tally = new RefusalTally()
    tally.add(T, 'route_not_found', null)
    expect(tally.take(T)).toEqual([{ minute: MINUTE, reason: 'route_not_found', route: NO_ROUTE, count: 1 }])
    for (let i = 0; i < 500; i += 1) tally.add(T + i * 10, 'authentication_required', '/customers/me')
    tally.add(T + 5_000, 'route_not_found', undefined)
    expect(tally.take(T + 9_999)).toBeUndefined()
    expect(tally.take(T + 10_000)).toEqual([
      { minute: MINUTE, reason: 'authentication_required', route: '/customers/me', count: 500 },
      { minute: MINUTE, reason: 'route_not_found', route: NO_ROUTE, count: 1 },
    ])
    expect(tally.size).toBe(0)
  })

  it('a flood costs at most one write per 10 s and per minute boundary', () => {
    const tally = new RefusalTally()
    let writes = 0
    let refusals = 0
    // Two minutes of 50 refusals a second.
    for (let ms = 0; ms < 120_000; ms += 20) {
      tally.add(T + ms, 'too_many_requests', '/auth/token')
      const rows = tally.take(T + ms)
      if (rows) {
        writes += 1
        refusals += rows.reduce((sum, row) => sum + row.count, 0)
      }
    }
    refusals += (tally.take(T + 120_000, true) ?? []).reduce((sum, row) => sum + row.count, 0)
    expect(writes).toBeLessThanOrEqual(120 / 10 + 2 + 1)
    expect(refusals).toBe(6_000)
  })

  it('a count of an earlier minute is written as soon as the minute changes', () => {
    const tally = new RefusalTally({ everyMs: 600_000, maxKeys: 100 })
    tally.add(T + 1_000, 'forbidden', '/orders')
    tally.take(T + 1_000)
    tally.add(T + 2_000, 'forbidden', '/orders')
    expect(tally.due(T + 54_999)).toBe(false)
    expect(tally.due(T + 55_000)).toBe(true)
  })

  it('nothing held, nothing to write, even when forced', () => {
    const tally = new RefusalTally()
    expect(tally.due(T)).toBe(false)
    expect(tally.take(T, true)).toBeUndefined()
  })

  it('keys are bounded: past maxKeys a new route counts as -, reasons and routes are cut to 120 characters', () => {
    const tally = new RefusalTally({ everyMs: 10_000, maxKeys: 3 })
    for (const route of ['/a', '/b', '/c', '/d', '/e', '/a']) tally.add(T, 'forbidden', route)
    tally.add(T, 'x'.repeat(500), '/y'.repeat(500))
    const rows = tally.take(T + 10_000) ?? []
    expect(rows.map((r) => [r.route, r.count])).toEqual([
      ['/a', 2],
      ['/b', 1],
      ['/c', 1],
      [NO_ROUTE, 2],
      [NO_ROUTE, 1],
    ])
    expect(rows.every((r) => r.reason.length <= 120 && r.route.length <= 120)).toBe(true)
  })

  it('a refusal without a reason counts as -', () => {
    const tally = new RefusalTally()
    tally.add(T, undefined, '/auth/token')
    expect(tally.take(T)).toEqual([{ minute: MINUTE, reason: '-', route: '/auth/token', count: 1 }])
  })
})
