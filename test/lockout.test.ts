import { env } from 'cloudflare:workers'
import { describe, expect, it } from 'vitest'
import { lockRemaining, type LockoutPolicy } from '../src/auth/lockout'
import { readConfig } from '../src/config'
import { recordLoginFailure, recordLoginSuccess, recordUnknownFailure, type CredentialTable } from '../src/db/lockout'

const POLICY: LockoutPolicy = { maxFailures: 10, windowSeconds: 900, lockSeconds: 900 }
const T0 = 1_800_000_000

interface LockoutRow {
  failedLoginCount: number
  failedWindowStartedAt: number | null
  lockedUntil: number | null
}

let nextId = 1000

// A fresh account per test, so no test sees another's failures (storage is shared within a file).
async function freshAccount(table: CredentialTable): Promise<number> {
  const id = nextId++
  if (table === 'customers') {
    await env.DB.prepare('insert into customers (id, email, password_hash) values (?, ?, ?)')
      .bind(id, `lockout-${id}@example.com`, 'x').run()
  } else {
    await env.DB.prepare('insert into service_accounts (id, username) values (?, ?)').bind(id, `lockout-${id}`).run()
  }
  return id
}

async function readRow(table: CredentialTable, id: number): Promise<LockoutRow> {
  const row = await env.DB.prepare(
    `select failed_login_count as failedLoginCount, failed_window_started_at as failedWindowStartedAt,
            locked_until as lockedUntil from ${table} where id = ?`,
  ).bind(id).first<LockoutRow>()
  if (!row) throw new Error(`no ${table} row ${id}`)
  return row
}

async function fail(table: CredentialTable, id: number, times: number, now: number, policy = POLICY): Promise<void> {
  for (let i = 0; i < times; i++) await recordLoginFailure(env.DB, table, id, now, policy)
}

describe('lockRemaining', () => {
  const ROWS = [
    { name: 'never locked', lockedUntil: null, now: T0, remaining: 0 },
    { name: 'lock in the past', lockedUntil: T0 - 1, now: T0, remaining: 0 },
    { name: 'lock ends right now', lockedUntil: T0, now: T0, remaining: 0 },
    { name: 'one second left', lockedUntil: T0 + 1, now: T0, remaining: 1 },
    { name: 'full lock', lockedUntil: T0 + 900, now: T0, remaining: 900 },
    { name: 'fractional now rounds up', lockedUntil: T0 + 10, now: T0 + 0.5, remaining: 10 },
  ]
  for (const row of ROWS) {
    it(row.name, () => {
      expect(lockRemaining({ lockedUntil: row.lockedUntil }, row.now)).toBe(row.remaining)
    })
  }
})

for (const table of ['customers', 'service_accounts'] as const) {
  describe(`lockout on ${table}`, () => {
    it('new accounts start unlocked with no failures', async () => {
      const id = await freshAccount(table)
      expect(await readRow(table, id)).toEqual({ failedLoginCount: 0, failedWindowStartedAt: null, lockedUntil: null })
    })

    it('9 failures in the window do not lock', async () => {
      const id = await freshAccount(table)
      await fail(table, id, 9, T0)
      const row = await readRow(table, id)
      expect(row).toEqual({ failedLoginCount: 9, failedWindowStartedAt: T0, lockedUntil: null })
      expect(lockRemaining(row, T0)).toBe(0)
    })

    it('the 10th failure locks for lockSeconds and clears the count and window', async () => {
      const id = await freshAccount(table)
      await fail(table, id, 9, T0)
      await recordLoginFailure(env.DB, table, id, T0 + 60, POLICY)
      const row = await readRow(table, id)
      expect(row).toEqual({ failedLoginCount: 0, failedWindowStartedAt: null, lockedUntil: T0 + 60 + 900 })
      expect(lockRemaining(row, T0 + 60)).toBe(900)
      expect(lockRemaining(row, T0 + 60 + 899)).toBe(1)
      expect(lockRemaining(row, T0 + 60 + 900)).toBe(0)
    })

    it('a failure inside the window keeps the window start', async () => {
      const id = await freshAccount(table)
      await recordLoginFailure(env.DB, table, id, T0, POLICY)
      await recordLoginFailure(env.DB, table, id, T0 + 899, POLICY)
      expect(await readRow(table, id)).toEqual({ failedLoginCount: 2, failedWindowStartedAt: T0, lockedUntil: null })
    })

    it('once the window expires the count restarts at 1', async () => {
      const id = await freshAccount(table)
      await fail(table, id, 9, T0)
      await recordLoginFailure(env.DB, table, id, T0 + 900, POLICY)
      expect(await readRow(table, id)).toEqual({ failedLoginCount: 1, failedWindowStartedAt: T0 + 900, lockedUntil: null })
      await fail(table, id, 8, T0 + 901)
      expect((await readRow(table, id)).lockedUntil).toBeNull()
    })

    it('failures while locked are not counted and do not extend the lock', async () => {
      const id = await freshAccount(table)
      await fail(table, id, 10, T0)
      await fail(table, id, 15, T0 + 100)
      expect(await readRow(table, id)).toEqual({ failedLoginCount: 0, failedWindowStartedAt: null, lockedUntil: T0 + 900 })
    })

    it('after the lock expires a failure opens a new window and clears the old lock', async () => {
      const id = await freshAccount(table)
      await fail(table, id, 10, T0)
      await recordLoginFailure(env.DB, table, id, T0 + 900, POLICY)
      expect(await readRow(table, id)).toEqual({ failedLoginCount: 1, failedWindowStartedAt: T0 + 900, lockedUntil: null })
    })

    it('a success resets count and window', async () => {
      const id = await freshAccount(table)
      await fail(table, id, 5, T0)
      await recordLoginSuccess(env.DB, table, id)
      expect(await readRow(table, id)).toEqual({ failedLoginCount: 0, failedWindowStartedAt: null, lockedUntil: null })
      await fail(table, id, 9, T0 + 1)
      expect((await readRow(table, id)).lockedUntil).toBeNull()
    })

    it('a success clears a lock', async () => {
      const id = await freshAccount(table)
      await fail(table, id, 10, T0)
      await recordLoginSuccess(env.DB, table, id)
      expect(await readRow(table, id)).toEqual({ failedLoginCount: 0, failedWindowStartedAt: null, lockedUntil: null })
    })

    it('20 concurrent failures count 20', async () => {
      const id = await freshAccount(table)
      const policy = { ...POLICY, maxFailures: 100 }
      await Promise.all(Array.from({ length: 20 }, () => recordLoginFailure(env.DB, table, id, T0, policy)))
      expect(await readRow(table, id)).toEqual({ failedLoginCount: 20, failedWindowStartedAt: T0, lockedUntil: null })
    })

    it('20 concurrent failures lock exactly once, at the 10th', async () => {
      const id = await freshAccount(table)
      await Promise.all(Array.from({ length: 20 }, () => recordLoginFailure(env.DB, table, id, T0, POLICY)))
      expect(await readRow(table, id)).toEqual({ failedLoginCount: 0, failedWindowStartedAt: null, lockedUntil: T0 + 900 })
    })

    it('touches only the given account', async () => {
      const id = await freshAccount(table)
      const other = await freshAccount(table)
      await fail(table, id, 10, T0)
      expect(await readRow(table, other)).toEqual({ failedLoginCount: 0, failedWindowStartedAt: null, lockedUntil: null })
    })

    it('an unknown id is a harmless no-op', async () => {
      await expect(recordLoginFailure(env.DB, table, 987654, T0, POLICY)).resolves.toBeUndefined()
      await expect(recordLoginSuccess(env.DB, table, 987654)).resolves.toBeUndefined()
    })
  })
}

describe('lockout with the configured policy', () => {
  it('defaults to 10 failures in 900 s locking for 900 s', async () => {
    const policy = readConfig(env).lockout
    expect(policy).toEqual({ maxFailures: 10, windowSeconds: 900, lockSeconds: 900 })
    const id = await freshAccount('customers')
    await fail('customers', id, 10, T0, policy)
    expect(lockRemaining(await readRow('customers', id), T0)).toBe(900)
  })
})

describe('lockout of names that match no account (login_failures)', () => {
  const hash = () => crypto.randomUUID().replaceAll('-', '').padEnd(64, '0')

  it('counts 10 failures (the 10th locks, answered like the others) and reports the lock from the 11th', async () => {
    const key = hash()
    for (let i = 0; i < 10; i++) expect(await recordUnknownFailure(env.DB, key, T0, POLICY)).toBe(0)
    expect(await recordUnknownFailure(env.DB, key, T0 + 1, POLICY)).toBe(899)
    const row = await env.DB.prepare('select failed_login_count n, locked_until u from login_failures where identity_hash = ?').bind(key).first()
    expect(row).toEqual({ n: 0, u: T0 + 900 })
  })

  it('opens a new window once the lock has expired', async () => {
    const key = hash()
    for (let i = 0; i < 10; i++) await recordUnknownFailure(env.DB, key, T0, POLICY)
    expect(await recordUnknownFailure(env.DB, key, T0 + 900, POLICY)).toBe(0)
    const row = await env.DB.prepare('select failed_login_count n, failed_window_started_at w, locked_until u from login_failures where identity_hash = ?').bind(key).first()
    expect(row).toEqual({ n: 1, w: T0 + 900, u: null })
  })

  it('20 concurrent failures: exactly 10 are counted, the rest see the lock', async () => {
    const key = hash()
    const waits = await Promise.all(Array.from({ length: 20 }, () => recordUnknownFailure(env.DB, key, T0, POLICY)))
    expect(waits.filter((w) => w === 0)).toHaveLength(10)
    expect(waits.filter((w) => w === 900)).toHaveLength(10)
  })
})
