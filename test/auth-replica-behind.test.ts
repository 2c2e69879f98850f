// A replica that still has an account as it was before a change the primary already holds
// (docs/credentials.md "Read replicas"): a login answered from that copy is checked against the
// primary's row in the batch that clears its lockout, and a refresh is claimed only while the
// primary has the account active. test/helpers/replicas.ts freezes the replica's customers table
// before each change.
import { env } from 'cloudflare:workers'
import { describe, expect, it } from 'vitest'
import { hashPassword } from '../src/auth/passwords'
import { lockKey } from '../src/db/lockout'
import { createCustomer, uniqueEmail } from './helpers/accounts'
import { ANSWERS, oauthError } from './helpers/answers'
import { DEAD_SHOP, loginWith, recordingShop, UNLIMITED } from './helpers/fallback'
import { callWith } from './helpers/gateway-env'
import { frozenReplica } from './helpers/replicas'
import { call, postJson } from './helpers/http'
import { bearer, customerClaims, mint } from './helpers/tokens'

const SLOW = { timeout: 60_000 }
const OLD = 'password123'
const NEW = 'n3w-secret-pass'

// A password reset through the gateway: the shop has the new password, and write-through has put
// its hash on the primary (never on the frozen replica).
async function resetPassword(email: string, next: string): Promise<void> {
  const res = await postJson('/customers/reset-password', { email, resetToken: 'demo-reset-token', newPassword: next })
  expect(res.status).toBe(200)
}

function setOnPrimary(id: number, column: 'is_active' | 'confirmed_at' | 'password_hash', value: number | string | null) {
  return env.DB.prepare(`update customers set ${column} = ? where id = ?`).bind(value, id).run()
}

async function failures(email: string): Promise<number> {
  const row = await env.DB.prepare('select failed_login_count from login_failures where identity_hash = ?')
    .bind(await lockKey('customer', email))
    .first<number>('failed_login_count')
  return row ?? 0
}

async function tokenOf(res: Response): Promise<string> {
  expect(res.status).toBe(200)
  return (await res.json<{ token: string }>()).token
}

const shopCalls = (seen: Request[]) => seen.map((r) => new URL(r.url).pathname)

describe('a login answered from a copy the primary has moved past', SLOW, () => {
  it('the old password after a reset is 401, asked of the shop and counted', async () => {
    const { email } = await createCustomer()
    const { DB } = await frozenReplica(['customers'])
    await resetPassword(email, NEW)
    const { shop, seen } = recordingShop()
    const res = await loginWith({ DB, ORIGIN: shop }, { email, password: OLD })
    expect(res.status).toBe(401)
    expect(await res.json()).toEqual(oauthError(ANSWERS.invalidCredentials))
    expect(shopCalls(seen)).toEqual(['/api/rest/v2/auth/token'])
    expect(await failures(email)).toBe(1)
  })

  it('the new password after a reset logs in', async () => {
    const { id, email } = await createCustomer()
    const { DB } = await frozenReplica(['customers'])
    await resetPassword(email, NEW)
    const res = await loginWith({ DB }, { email, password: NEW })
    expect(res.status).toBe(200)
    expect(await res.json()).toMatchObject({ customer: { id, email } })
  })

  it('the old email after an email change is 401', async () => {
    const { id, email } = await createCustomer()
    const token = await tokenOf(await postJson('/auth/token', { email, password: OLD }))
    const { DB } = await frozenReplica(['customers'])
    const moved = uniqueEmail('moved')
    const change = await call('/customers/me', {
      method: 'PUT',
      headers: { ...bearer(token), 'Content-Type': 'application/json' },
      body: JSON.stringify({ email: moved }),
    })
    expect(change.status).toBe(200)
    const res = await loginWith({ DB }, { email, password: OLD })
    expect(res.status).toBe(401)
    expect(await res.json()).toEqual(oauthError(ANSWERS.invalidCredentials))
    expect(await loginWith({ DB }, { email: moved, password: OLD }).then((r) => r.json())).toMatchObject({ customer: { id, email: moved } })
  })

  it('the same password under a new hash on the primary is answered from the copy, without the shop', async () => {
    const { id, email } = await createCustomer()
    const { DB } = await frozenReplica(['customers'])
    await setOnPrimary(id, 'password_hash', await hashPassword(OLD))
    await loginWith({ DB }, { email, password: 'wrong-once' })
    expect(await failures(email)).toBe(1)
    const { shop, seen } = recordingShop()
    const res = await loginWith({ DB, ORIGIN: shop }, { email, password: OLD })
    expect(res.status).toBe(200)
    expect(await res.json()).toMatchObject({ customer: { id, email } })
    expect(shopCalls(seen)).toEqual([])
    expect(await failures(email)).toBe(0)
  })

  it('an account deactivated on the primary (and at the shop) is refused and counted', async () => {
    const { id, email } = await createCustomer({ active: false })
    await setOnPrimary(id, 'is_active', 1)
    const { DB } = await frozenReplica(['customers'])
    await setOnPrimary(id, 'is_active', 0)
    const res = await loginWith({ DB }, { email, password: OLD })
    expect(res.status).toBe(401)
    expect(await res.json()).toEqual(oauthError(ANSWERS.invalidCredentials))
    expect(await failures(email)).toBe(1)
  })

  it('a copy the primary marks unconfirmed is asked of the shop', async () => {
    const { id, email } = await createCustomer()
    const { DB } = await frozenReplica(['customers'])
    await setOnPrimary(id, 'confirmed_at', null)
    const { shop, seen } = recordingShop()
    const res = await loginWith({ DB, ORIGIN: shop }, { email, password: OLD })
    expect(res.status).toBe(200)
    expect(shopCalls(seen)).toEqual(['/api/rest/v2/auth/token'])
  })

  it('the old password clears no failures: it is the failure that locks', async () => {
    const { email } = await createCustomer()
    const { DB } = await frozenReplica(['customers'])
    await resetPassword(email, NEW)
    const strict = { DB, LOCKOUT_MAX_FAILURES: '3' }
    const statuses: number[] = []
    for (const password of ['wrong-1', 'wrong-2', OLD, NEW]) statuses.push((await loginWith(strict, { email, password })).status)
    expect(statuses).toEqual([401, 401, 401, 429])
  })

  it('a burst of the old password at once: none is let in, and the lock comes', async () => {
    const { email } = await createCustomer()
    const { DB } = await frozenReplica(['customers'])
    await resetPassword(email, NEW)
    const strict = { DB, LOCKOUT_MAX_FAILURES: '3' }
    const statuses = await Promise.all(Array.from({ length: 5 }, async () => (await loginWith(strict, { email, password: OLD })).status))
    expect(statuses.filter((s) => s !== 401 && s !== 429)).toEqual([])
    expect((await loginWith(strict, { email, password: NEW })).status).toBe(429)
  })

  it('a stale copy with the shop down does not let the old password in', async () => {
    const { id, email } = await createCustomer({ confirmedAt: 1 })
    const { DB } = await frozenReplica(['customers'])
    await setOnPrimary(id, 'password_hash', await hashPassword(NEW))
    const res = await loginWith({ DB, ORIGIN: DEAD_SHOP }, { email, password: OLD })
    expect(res.status).toBe(503)
    expect(await res.json()).toEqual(oauthError(ANSWERS.unavailable))
  })
})

describe('a service login answered from a copy the primary has deactivated', SLOW, () => {
  let next = 0
  async function createServiceCopy(secret: string) {
    next += 1
    const id = 800_000 + Math.floor(Math.random() * 90_000) * 10 + next
    const hash = await hashPassword(secret)
    await env.DB.prepare(
      `insert into service_accounts (id, username, api_key_hash, client_id, client_secret_hash, is_active, permissions, confirmed_at) values (?, ?, ?, ?, ?, 1, '["orders/read"]', unixepoch())`,
    )
      .bind(id, `replica-bot-${id}`, hash, `maho_replica_${id}`, hash)
      .run()
    return { id, username: `replica-bot-${id}`, clientId: `maho_replica_${id}` }
  }
  const ROWS: { name: string; body: (account: { username: string; clientId: string }, secret: string) => Record<string, unknown> }[] = [
    { name: 'client_credentials', body: ({ clientId }, secret) => ({ grant_type: 'client_credentials', client_id: clientId, client_secret: secret }) },
    { name: 'api_user', body: ({ username }, secret) => ({ grant_type: 'api_user', username, api_key: secret }) },
  ]
  it.each(ROWS)('$name: 401 invalid_client', async ({ body }) => {
    const account = await createServiceCopy('svc-secret-1')
    const { DB } = await frozenReplica(['service_accounts'])
    await env.DB.prepare('update service_accounts set is_active = 0 where id = ?').bind(account.id).run()
    const res = await loginWith({ DB }, body(account, 'svc-secret-1'))
    expect(res.status).toBe(401)
    expect(await res.json()).toEqual(oauthError(ANSWERS.invalidClient))
  })
})

describe('a refresh the replica would allow', SLOW, () => {
  function refresh(DB: D1Database, token: string): Promise<Response> {
    return callWith({ ...UNLIMITED, DB }, '/auth/refresh', { method: 'POST', headers: bearer(token) })
  }
  const claimed = (jti: unknown) => env.DB.prepare('select jti from refreshed_tokens where jti = ?').bind(jti).first()

  it('an account deactivated on the primary is refused, and its token is not used up', async () => {
    const { id, email } = await createCustomer()
    const claims = customerClaims(id, email)
    const token = await mint(claims)
    const { DB } = await frozenReplica(['customers'])
    await setOnPrimary(id, 'is_active', 0)
    const res = await refresh(DB, token)
    expect(res.status).toBe(401)
    expect(await res.json()).toEqual(ANSWERS.invalidToken)
    expect(await claimed(claims.jti)).toBeNull()
    await setOnPrimary(id, 'is_active', 1)
    expect((await refresh(DB, token)).status).toBe(200)
    expect(await claimed(claims.jti)).not.toBeNull()
  })
})
