// Write-through: when the shop accepts a request that sets or changes a customer's credentials,
// the gateway updates its D1 copy from what it saw before answering, so the old password never
// logs in again at the edge and the new one does at once. Through HTTP, against the demo shop.
import { env } from 'cloudflare:workers'
import { describe, expect, it } from 'vitest'
import { createCustomer, uniqueEmail } from '../helpers/accounts'
import { copiesOf, copyOf, type CopyRow } from '../helpers/copies'
import { ANSWERS, oauthError } from '../helpers/answers'
import { loginWith } from '../helpers/fallback'
import { call, postJson } from '../helpers/http'
import { STATUS_HEADER } from '../helpers/origin'
import { bearer, nowSeconds } from '../helpers/tokens'

const NEW_PASSWORD = 'a-new-password-456'
const PBKDF2 = /^\$pbkdf2-sha256\$i=100000\$/

async function login(email: string, password: string): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await postJson('/auth/token', { email, password })
  return { status: res.status, body: await res.json() }
}

async function tokenOf(email: string, password = 'password123'): Promise<string> {
  const { status, body } = await login(email, password)
  expect(status).toBe(200)
  return body.token as string
}

async function me(token: string): Promise<number> {
  return (await call('/customers/me', { headers: bearer(token) })).status
}

/**
 * The copy after a change the shop answered 2xx: no password (the client's secret is never taken),
 * ask the shop first (test/gateway/write-through-trust.test.ts).
 */
function expectAskShopFirst(row: CopyRow | null) {
  expect(row).not.toBeNull()
  expect(row).toMatchObject({ password_hash: '', confirmed_at: null, shop_password_hash: null })
}

/** The copy the shop's 2xx at its token endpoint stored: our hash, confirmed now, shop hash unknown. */
function expectFreshCopy(row: CopyRow | null, since: number) {
  expect(row).not.toBeNull()
  expect(row!.password_hash).toMatch(PBKDF2)
  expect(row!.shop_password_hash).toBeNull()
  expect(row!.confirmed_at).toBeGreaterThanOrEqual(since)
  expect(row!.confirmed_at).toBeLessThanOrEqual(nowSeconds() + 1)
}

describe('registration through the gateway', () => {
  it("stores a copy under the shop's id that asks the shop first; the new customer logs in at once (the shop confirms)", async () => {
    const since = nowSeconds()
    const email = uniqueEmail('register')
    const res = await postJson('/customers', { email, password: NEW_PASSWORD, firstName: 'Reggie', lastName: 'Stration' })
    expect(res.status).toBe(200)
    const answer = await res.json<{ id: number; email: string }>()
    expect(answer).toMatchObject({ id: expect.any(Number), email })

    const row = await copyOf(answer.id)
    expectAskShopFirst(row)
    expect(row).toMatchObject({ email, first_name: 'Reggie', last_name: 'Stration' })
    const ok = await login(email, NEW_PASSWORD)
    expectFreshCopy(await copyOf(answer.id), since)
    expect(ok.status).toBe(200)
    expect(ok.body.customer).toEqual({ id: answer.id, email, firstName: 'Reggie', lastName: 'Stration' })
    expect(await login(email, 'password123')).toEqual({ status: 401, body: oauthError(ANSWERS.invalidCredentials) })
  })

  it('replaces a stale copy of another id holding the email: its old password no longer logs in', async () => {
    const email = uniqueEmail('stale')
    // A copy only the edge still has (the shop no longer knows this email): password123.
    await env.DB.prepare(
      'insert into customers (id, email, email_key, password_hash) values (?, ?, lower(?), (select password_hash from customers where id = 1))',
    )
      .bind(900_000 + Math.floor(Math.random() * 99_999), email, email)
      .run()
    const res = await postJson('/customers', { email, password: NEW_PASSWORD, firstName: 'New', lastName: 'Owner' })
    expect(res.status).toBe(200)
    const { id } = await res.json<{ id: number }>()
    expect((await copiesOf(email)).map((row) => row.id)).toEqual([id])
    expect(await login(email, 'password123')).toEqual({ status: 401, body: oauthError(ANSWERS.invalidCredentials) })
    expect((await login(email, NEW_PASSWORD)).status).toBe(200)
  })

  it('refused by the shop (email taken): no copy is written', async () => {
    const { id, email } = await createCustomer()
    const before = await copyOf(id)
    const res = await postJson('/customers', { email, password: NEW_PASSWORD, firstName: 'Dup', lastName: 'Licate' })
    expect(res.status).toBe(409)
    expect(await copiesOf(email)).toEqual([expect.objectContaining({ ...before })])
    expect(await login(email, NEW_PASSWORD)).toEqual({ status: 401, body: oauthError(ANSWERS.invalidCredentials) })
  })
})

describe('registrations of one email racing', () => {
  it("one wins at the shop; the copy is the winner's, and only its password logs in", async () => {
    const email = uniqueEmail('race')
    const passwords = Array.from({ length: 6 }, (_, i) => `race-password-${i}`)
    const answers = await Promise.all(passwords.map((password) => postJson('/customers', { email, password, firstName: 'Race', lastName: 'Car' })))
    const statuses = answers.map((res) => res.status)
    expect(statuses.filter((status) => status === 200)).toHaveLength(1)
    expect(statuses.filter((status) => status === 409)).toHaveLength(passwords.length - 1)
    const winner = statuses.indexOf(200)
    const { id } = await answers[winner]!.json<{ id: number }>()
    expect((await copiesOf(email)).map((row) => row.id)).toEqual([id])
    const logins = await Promise.all(passwords.map((password) => loginWith({}, { email, password })))
    expect(logins.map((res) => res.status)).toEqual(passwords.map((_, i) => (i === winner ? 200 : 401)))
  })
})

describe('an account made from a guest order', () => {
  it("stores the customer of the shop's answer, asking the shop first; its password logs in", async () => {
    const email = uniqueEmail('order')
    const res = await postJson('/customers/create-from-order', { accountToken: `demo-order:${email}`, password: NEW_PASSWORD })
    expect(res.status).toBe(200)
    const { id } = await res.json<{ id: number }>()
    expectAskShopFirst(await copyOf(id))
    expect((await login(email, NEW_PASSWORD)).body.customer).toEqual({ id, email, firstName: 'Guest', lastName: 'Customer' })
  })

  it('refused by the shop (bad account token): nothing is written', async () => {
    const email = uniqueEmail('order-refused')
    const res = await postJson('/customers/create-from-order', { accountToken: `not-a-token:${email}`, password: NEW_PASSWORD })
    expect(res.status).toBe(400)
    expect(await copiesOf(email)).toEqual([])
  })
})

describe('a password change', () => {
  it('forgets the old password: it is refused, the new one logs in (the shop confirms), other tokens end', async () => {
    const { id, email } = await createCustomer()
    const [changing, other] = [await tokenOf(email), await tokenOf(email)]
    const res = await postJson('/customers/me/password', { currentPassword: 'password123', newPassword: NEW_PASSWORD }, { headers: bearer(changing) })
    expect(res.status).toBe(200)
    expectAskShopFirst(await copyOf(id))
    expect(await login(email, 'password123')).toEqual({ status: 401, body: oauthError(ANSWERS.invalidCredentials) })
    expect((await login(email, NEW_PASSWORD)).status).toBe(200)
    expect(await me(other)).toBe(401)
    expect(await me(changing)).toBe(200)
  })

  it('refused by the shop (wrong current password): the copy and the tokens stay as they were', async () => {
    const { id, email } = await createCustomer()
    const token = await tokenOf(email)
    const before = await copyOf(id)
    const res = await postJson('/customers/me/password', { currentPassword: 'not-it', newPassword: NEW_PASSWORD }, { headers: bearer(token) })
    expect(res.status).toBe(400)
    expect(await copyOf(id)).toEqual(before)
    expect(await env.REVOKED.get(`nbf:customer_${id}`)).toBeNull()
    expect((await login(email, 'password123')).status).toBe(200)
  })
})

describe('a password reset', () => {
  it('forgets the old password and ends every token of the customer', async () => {
    const { id, email } = await createCustomer()
    const token = await tokenOf(email)
    const res = await postJson('/customers/reset-password', { email: email.toUpperCase(), resetToken: 'demo-reset-token', newPassword: NEW_PASSWORD })
    expect(res.status).toBe(200)
    expectAskShopFirst(await copyOf(id))
    expect(await me(token)).toBe(401)
    expect(await login(email, 'password123')).toEqual({ status: 401, body: oauthError(ANSWERS.invalidCredentials) })
    expect((await login(email, NEW_PASSWORD)).status).toBe(200)
  })

  it('refused by the shop (wrong reset token): nothing changes', async () => {
    const { id, email } = await createCustomer()
    const before = await copyOf(id)
    const res = await postJson('/customers/reset-password', { email, resetToken: 'guessed', newPassword: NEW_PASSWORD })
    expect(res.status).toBe(400)
    expect(await copyOf(id)).toEqual(before)
    expect(await env.REVOKED.get(`nbf:customer_${id}`)).toBeNull()
    expect((await login(email, 'password123')).status).toBe(200)
  })
})

describe('an email change through PUT /customers/me', () => {
  it('moves the copy: the old email no longer logs in, the new one does with the same password', async () => {
    const { id, email } = await createCustomer()
    const token = await tokenOf(email)
    const before = await copyOf(id)
    const moved = uniqueEmail('moved')
    const res = await call('/customers/me', {
      method: 'PUT',
      headers: { ...bearer(token), 'Content-Type': 'application/json' },
      body: JSON.stringify({ email: moved }),
    })
    expect(res.status).toBe(200)
    // The shop confirmed the email, not the password: hash and confirmation time are unchanged.
    expect(await copyOf(id)).toEqual({ ...before, email: moved })
    expect(await login(email, 'password123')).toEqual({ status: 401, body: oauthError(ANSWERS.invalidCredentials) })
    expect((await login(moved, 'password123')).body.customer).toMatchObject({ id, email: moved })
  })

  it('refused by the shop (not an email): the copy stays', async () => {
    const { id, email } = await createCustomer()
    const token = await tokenOf(email)
    const before = await copyOf(id)
    const res = await call('/customers/me', {
      method: 'PUT',
      headers: { ...bearer(token), 'Content-Type': 'application/json' },
      body: JSON.stringify({ email: 'not-an-email' }),
    })
    expect(res.status).toBe(400)
    expect(await copyOf(id)).toEqual(before)
  })
})

describe('a 2xx from the shop for a body the edge cannot read a credential from', () => {
  // The demo shop answers X-Demo-Status itself, accepting whatever the body says, as a shop with
  // other field rules than the edge's might.
  it('a password change without a string newPassword: the password forgotten, the copy asks the shop first, other tokens end', async () => {
    const { id, email } = await createCustomer()
    const [changing, other] = [await tokenOf(email), await tokenOf(email)]
    const before = await copyOf(id)
    const res = await postJson(
      '/customers/me/password',
      { currentPassword: 'password123', newPassword: 12345678 },
      { headers: { ...bearer(changing), [STATUS_HEADER]: '200' } },
    )
    expect(res.status).toBe(200)
    expect(await copyOf(id)).toEqual({ ...before, password_hash: '', confirmed_at: null, shop_password_hash: null })
    expect(await me(other)).toBe(401)
  })

  it('a registration answered without an id: the copies holding the email ask the shop first', async () => {
    const { id, email } = await createCustomer()
    const before = await copyOf(id)
    const res = await postJson('/customers', { email, password: NEW_PASSWORD, firstName: 'No', lastName: 'Id' }, { headers: { [STATUS_HEADER]: '201' } })
    expect(res.status).toBe(201)
    expect(await res.json()).toEqual({ demo: true, status: 201 })
    expect(await copyOf(id)).toEqual({ ...before, confirmed_at: null })
  })
})
