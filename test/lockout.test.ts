import { env } from 'cloudflare:workers'
import { describe, expect, it } from 'vitest'
import { readConfig, type LockoutPolicy } from '../src/config/config'
import { lockKey, lockWait, recordFailure, recordSuccess } from '../src/db/lockout'

const POLICY: LockoutPolicy = { maxFailures: 10, windowSeconds: 900, lockSeconds: 900 }
const T0 = 1_800_000_000

interface LockoutRow {
  failedLoginCount: number
  failedWindowStartedAt: number | null
  lockedUntil: number | null
}

// A fresh login key per test, so no test sees another's failures (storage is shared within a file).
const freshKey = () => crypto.randomUUID().replaceAll('-', '').padEnd(64, '0')

async function readRow(key: string): Promise<LockoutRow | null> {
  return env.DB.prepare(
    `select failed_login_count as failedLoginCount, failed_window_started_at as failedWindowStartedAt,
            locked_until as lockedUntil from login_failures where identity_hash = ?`,
  )
    .bind(key)
    .first<LockoutRow>()
}

async function fail(key: string, times: number, now: number, policy = POLICY): Promise<number[]> {
  const waits = []
  for (let i = 0; i < times; i++) waits.push(await recordFailure(env.DB, key, now, policy))
  return waits
}

describe('lockKey', () => {
  it('is the SHA-256 hex of grant and name, emails case-insensitive, service names exact', async () => {
    expect(await lockKey('customer', 'Jane@Example.com')).toBe(await lockKey('customer', 'jane@example.com'))
    expect(await lockKey('customer', 'jane@example.com')).toMatch(/^[0-9a-f]{64}$/)
    expect(await lockKey('api_user', 'Admin')).not.toBe(await lockKey('api_user', 'admin'))
  })

  it('keeps the two secrets of a service account apart', async () => {
    expect(await lockKey('api_user', 'admin')).not.toBe(await lockKey('client_credentials', 'admin'))
  })
})

describe('lockout of a login name', () => {
  it('a name never seen has no row and no lock', async () => {
    const key = freshKey()
    expect(await readRow(key)).toBeNull()
    expect(await lockWait(env.DB, key, T0)).toBe(0)
  })

  it('9 failures in the window do not lock', async () => {
    const key = freshKey()
    expect(await fail(key, 9, T0)).toEqual(Array(9).fill(0))
    expect(await readRow(key)).toEqual({ failedLoginCount: 9, failedWindowStartedAt: T0, lockedUntil: null })
    expect(await lockWait(env.DB, key, T0)).toBe(0)
  })

  it('the 10th failure locks for lockSeconds (answered like the others) and clears the count and window', async () => {
    const key = freshKey()
    await fail(key, 9, T0)
    expect(await recordFailure(env.DB, key, T0 + 60, POLICY)).toBe(0)
    expect(await readRow(key)).toEqual({ failedLoginCount: 0, failedWindowStartedAt: null, lockedUntil: T0 + 60 + 900 })
    expect(await lockWait(env.DB, key, T0 + 60)).toBe(900)
    expect(await lockWait(env.DB, key, T0 + 60 + 899)).toBe(1)
    expect(await lockWait(env.DB, key, T0 + 60 + 900)).toBe(0)
  })

  it('reports the lock left from the 11th failure on, rounding a fractional now up', async () => {
    const key = freshKey()
    await fail(key, 10, T0)
    expect(await recordFailure(env.DB, key, T0 + 1, POLICY)).toBe(899)
    expect(await recordFailure(env.DB, key, T0 + 890.5, POLICY)).toBe(10)
  })

  it('a failure inside the window keeps the window start', async () => {
    const key = freshKey()
    await recordFailure(env.DB, key, T0, POLICY)
    await recordFailure(env.DB, key, T0 + 899, POLICY)
    expect(await readRow(key)).toEqual({ failedLoginCount: 2, failedWindowStartedAt: T0, lockedUntil: null })
  })

  it('once the window expires the count restarts at 1', async () => {
    const key = freshKey()
    await fail(key, 9, T0)
    await recordFailure(env.DB, key, T0 + 900, POLICY)
    expect(await readRow(key)).toEqual({ failedLoginCount: 1, failedWindowStartedAt: T0 + 900, lockedUntil: null })
    await fail(key, 8, T0 + 901)
    expect((await readRow(key))?.lockedUntil).toBeNull()
  })

  it('failures while locked are not counted and do not extend the lock', async () => {
    const key = freshKey()
    await fail(key, 10, T0)
    await fail(key, 15, T0 + 100)
    expect(await readRow(key)).toEqual({ failedLoginCount: 0, failedWindowStartedAt: null, lockedUntil: T0 + 900 })
  })

  it('after the lock expires a failure opens a new window and clears the old lock', async () => {
    const key = freshKey()
    await fail(key, 10, T0)
    expect(await recordFailure(env.DB, key, T0 + 900, POLICY)).toBe(0)
    expect(await readRow(key)).toEqual({ failedLoginCount: 1, failedWindowStartedAt: T0 + 900, lockedUntil: null })
  })

  it('a success resets count and window', async () => {
    const key = freshKey()
    await fail(key, 5, T0)
    expect(await recordSuccess(env.DB, key, T0)).toBe(0)
    expect(await readRow(key)).toBeNull()
    await fail(key, 9, T0 + 1)
    expect((await readRow(key))?.lockedUntil).toBeNull()
  })

  it('a success never clears a lock: it reports the lock left instead', async () => {
    const key = freshKey()
    await fail(key, 10, T0)
    expect(await recordSuccess(env.DB, key, T0 + 100)).toBe(800)
    expect(await readRow(key)).toEqual({ failedLoginCount: 0, failedWindowStartedAt: null, lockedUntil: T0 + 900 })
  })

  it('a success after the lock expired clears it', async () => {
    const key = freshKey()
    await fail(key, 10, T0)
    expect(await recordSuccess(env.DB, key, T0 + 900)).toBe(0)
    expect(await readRow(key)).toBeNull()
  })

  it('20 concurrent failures count 20', async () => {
    const key = freshKey()
    const policy = { ...POLICY, maxFailures: 100 }
    await Promise.all(Array.from({ length: 20 }, () => recordFailure(env.DB, key, T0, policy)))
    expect(await readRow(key)).toEqual({ failedLoginCount: 20, failedWindowStartedAt: T0, lockedUntil: null })
  })

  it('20 concurrent failures: exactly 10 are counted, the rest see the lock, which is set once', async () => {
    const key = freshKey()
    const waits = await Promise.all(Array.from({ length: 20 }, () => recordFailure(env.DB, key, T0, POLICY)))
    expect(waits.filter((w) => w === 0)).toHaveLength(10)
    expect(waits.filter((w) => w === 900)).toHaveLength(10)
    expect(await readRow(key)).toEqual({ failedLoginCount: 0, failedWindowStartedAt: null, lockedUntil: T0 + 900 })
  })

  it('touches only the given name', async () => {
    const key = freshKey()
    const other = freshKey()
    await recordFailure(env.DB, other, T0, POLICY)
    await fail(key, 10, T0)
    expect(await readRow(other)).toEqual({ failedLoginCount: 1, failedWindowStartedAt: T0, lockedUntil: null })
  })
})

describe('lockout with the configured policy', () => {
  it('defaults to 10 failures in 900 s locking for 900 s', async () => {
    const policy = readConfig(env).lockout
    expect(policy).toEqual({ maxFailures: 10, windowSeconds: 900, lockSeconds: 900 })
    const key = freshKey()
    await fail(key, 10, T0, policy)
    expect(await lockWait(env.DB, key, T0)).toBe(900)
  })
})
