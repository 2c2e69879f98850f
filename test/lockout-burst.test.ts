// Lockout under concurrency, through HTTP: the lock decision and the success reset are made
// against the lockout row as it is after the secret was checked, so parallel guesses never get
// more 401s than the policy allows and a right guess never lifts a lock.
import { env } from 'cloudflare:workers'
import { describe, expect, it } from 'vitest'
import { lockKey } from '../src/db/lockout'
import { createCustomer } from './helpers/accounts'
import { ANSWERS, oauthError } from './helpers/answers'
import { loginWith } from './helpers/fallback'
import { wrap } from './helpers/gateway-env'

const MAX = 5
const POLICY = { LOCKOUT_MAX_FAILURES: String(MAX) }
// Every wrong guess is also asked of the demo shop (its own bcrypt): generous timeouts.
const SLOW = { timeout: 120_000 }

const count = (statuses: number[], status: number) => statuses.filter((s) => s === status).length

async function statusesOf(logins: Promise<Response>[]): Promise<number[]> {
  return Promise.all(logins.map(async (login) => (await login).status))
}

describe('parallel guesses', SLOW, () => {
  it('a burst of 15 wrong passwords gets exactly 5 answers of 401, then 429', async () => {
    const { email } = await createCustomer()
    const statuses = await statusesOf(Array.from({ length: 15 }, (_, i) => loginWith(POLICY, { email, password: `wrong-${i}` })))
    expect(count(statuses, 401)).toBe(MAX)
    expect(count(statuses, 429)).toBe(15 - MAX)
  })

  it('a burst of unknown-name guesses locks the same way', async () => {
    const email = `ghost-${crypto.randomUUID()}@example.com`
    const statuses = await statusesOf(Array.from({ length: 12 }, () => loginWith(POLICY, { email, password: 'x' })))
    expect(count(statuses, 401)).toBe(MAX)
    expect(count(statuses, 429)).toBe(12 - MAX)
  })

  it('right guesses inside a burst never lift the lock: at most 5 401s per reset, locked after', async () => {
    const { email } = await createCustomer()
    // 20 wrong guesses: whatever order the 3 right ones land in, some 5 failures follow the last reset.
    const logins = [
      ...Array.from({ length: 20 }, (_, i) => loginWith(POLICY, { email, password: `wrong-${i}` })),
      ...Array.from({ length: 3 }, () => loginWith(POLICY, { email, password: 'password123' })),
    ]
    const statuses = await statusesOf(logins)
    expect(count(statuses, 200) + count(statuses, 401) + count(statuses, 429)).toBe(23)
    expect(count(statuses.slice(20), 401)).toBe(0)
    expect(count(statuses, 401)).toBeLessThanOrEqual(MAX * (1 + count(statuses, 200)))
    const after = await loginWith(POLICY, { email, password: 'password123' })
    expect(after.status).toBe(429)
    expect(await after.json()).toEqual(oauthError(ANSWERS.tooMany))
  })
})

describe('a lock set while a login is checking its secret', SLOW, () => {
  it('wins over the right password, and stays', async () => {
    const { email } = await createCustomer()
    const key = await lockKey('customer', email)
    const until = Math.floor(Date.now() / 1000) + 600
    const lockNow = () => env.DB.prepare('insert into login_failures (identity_hash, locked_until) values (?, ?)').bind(key, until).run()
    // The real DB, except that reading the account (on the binding or in a session) also locks
    // the name (as a parallel guess would).
    const lockingReads = (d1: Pick<D1Database, 'prepare'>) => (sql: string) => {
      const stmt = d1.prepare(sql)
      if (!/^select .* from "customers"/i.test(sql)) return stmt
      return wrap(stmt, {
        bind: (...values: unknown[]) => {
          const bound = stmt.bind(...values)
          const thenLock =
            <T>(read: () => Promise<T>) =>
            async () => {
              const rows = await read()
              await lockNow()
              return rows
            }
          return wrap(bound, { all: thenLock(() => bound.all()), raw: thenLock(() => bound.raw()), first: thenLock(() => bound.first()) })
        },
      })
    }
    const db = wrap(env.DB, {
      prepare: lockingReads(env.DB),
      withSession: (constraint?: D1SessionConstraint) => {
        const session = env.DB.withSession(constraint)
        return wrap(session, { prepare: lockingReads(session) })
      },
    })
    const res = await loginWith({ DB: db }, { email, password: 'password123' })
    expect(res.status).toBe(429)
    expect(Number(res.headers.get('Retry-After'))).toBeGreaterThanOrEqual(598)
    expect(await res.json()).toEqual(oauthError(ANSWERS.tooMany))
    expect(await env.DB.prepare('select locked_until u from login_failures where identity_hash = ?').bind(key).first('u')).toBe(until)
  })
})

describe('each secret of a service account locks on its own', SLOW, () => {
  it('failures at the guessable username never lock the client id', async () => {
    const guesses = await statusesOf(
      Array.from({ length: 7 }, (_, i) => loginWith(POLICY, { grant_type: 'api_user', username: 'admin', api_key: `guess-${i}` })),
    )
    expect(count(guesses, 401)).toBe(MAX)
    const apiUser = await loginWith(POLICY, { grant_type: 'api_user', username: 'admin', api_key: 'demo-admin-key' })
    expect(apiUser.status).toBe(429)
    const client = await loginWith(POLICY, {
      grant_type: 'client_credentials',
      client_id: 'maho_00000000000000000000000000000001',
      client_secret: 'demo-admin-secret',
    })
    expect(client.status).toBe(200)
    expect(await client.json()).toMatchObject({ apiUser: { id: 1, username: 'admin' } })
  })

  it("and the client id's failures never lock the username", async () => {
    const guesses = await statusesOf(
      Array.from({ length: 6 }, (_, i) =>
        loginWith(POLICY, { grant_type: 'client_credentials', client_id: 'maho_00000000000000000000000000000002', client_secret: `guess-${i}` }),
      ),
    )
    expect(count(guesses, 429)).toBe(1)
    expect((await loginWith(POLICY, { grant_type: 'api_user', username: 'catalog', api_key: 'demo-catalog-key' })).status).toBe(200)
  })
})

describe('a right secret on an inactive account', SLOW, () => {
  it('counts exactly like a wrong one', async () => {
    const rightStatuses = []
    for (let i = 0; i < MAX + 1; i++) rightStatuses.push((await loginWith(POLICY, { email: 'inactive@example.com', password: 'password123' })).status)
    expect(rightStatuses).toEqual([...Array(MAX).fill(401), 429])
    const { email } = await createCustomer({ active: false })
    const key = await lockKey('customer', email)
    const failures = () => env.DB.prepare('select failed_login_count n from login_failures where identity_hash = ?').bind(key).first('n')
    expect((await loginWith(POLICY, { email, password: 'password123' })).status).toBe(401)
    expect(await failures()).toBe(1)
    expect((await loginWith(POLICY, { email, password: 'wrong' })).status).toBe(401)
    expect(await failures()).toBe(2)
  })
})
