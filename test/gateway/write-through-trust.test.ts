// Write-through that cannot be lied to: a 2xx from the shop on a password change, reset or account
// creation ends the old password and the account's sessions, but the secret the client sent is
// never taken as the copy. The copy asks the shop first; only the shop's 2xx at its own token
// endpoint stores the new secret. Through HTTP, against the demo shop.
import { describe, expect, it } from 'vitest'
import { createCustomer, uniqueEmail } from '../helpers/accounts'
import { ANSWERS, oauthError } from '../helpers/answers'
import { copiesOf, copyOf } from '../helpers/copies'
import { DEAD_SHOP, loginWith } from '../helpers/fallback'
import { call, postJson } from '../helpers/http'
import { STATUS_HEADER } from '../helpers/origin'
import { bearer } from '../helpers/tokens'

const NEW_PASSWORD = 'a-new-password-456'
const PBKDF2 = /^\$pbkdf2-sha256\$/

async function login(email: string, password: string, shop?: Fetcher): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await loginWith(shop ? { ORIGIN: shop } : {}, { email, password })
  return { status: res.status, body: await res.json() }
}

async function tokenOf(email: string): Promise<string> {
  const { status, body } = await login(email, 'password123')
  expect(status).toBe(200)
  return body.token as string
}

/** The copy after a change the edge saw: no password it could answer with, ask the shop first. */
async function expectAskShopFirst(id: number): Promise<void> {
  expect(await copyOf(id)).toMatchObject({ password_hash: '', confirmed_at: null, shop_password_hash: null })
}

describe('a 2xx that did not change anything at the shop', () => {
  it("a reset answered 200 for any reset token: the client's newPassword never logs in, the owner's password still does", async () => {
    const { id, email } = await createCustomer()
    const res = await postJson(
      '/customers/reset-password',
      { email, resetToken: 'anything', newPassword: NEW_PASSWORD },
      { headers: { [STATUS_HEADER]: '200' } },
    )
    expect(res.status).toBe(200)
    await expectAskShopFirst(id)
    expect(await login(email, NEW_PASSWORD)).toEqual({ status: 401, body: oauthError(ANSWERS.invalidCredentials) })
    expect((await login(email, 'password123')).status).toBe(200)
    expect(await copyOf(id)).toMatchObject({ password_hash: expect.stringMatching(PBKDF2), confirmed_at: expect.any(Number) })
  })

  it('a password change answered 200 without changing: the newPassword never logs in', async () => {
    const { id, email } = await createCustomer()
    const token = await tokenOf(email)
    const res = await postJson(
      '/customers/me/password',
      { currentPassword: 'wrong', newPassword: NEW_PASSWORD },
      { headers: { ...bearer(token), [STATUS_HEADER]: '200' } },
    )
    expect(res.status).toBe(200)
    await expectAskShopFirst(id)
    expect(await login(email, NEW_PASSWORD)).toEqual({ status: 401, body: oauthError(ANSWERS.invalidCredentials) })
  })
})

describe('after a change the shop applied', () => {
  it('a reset: old and new password both 503 while the shop cannot be asked (never a token, never a 401); the new one logs in once it can', async () => {
    const { id, email } = await createCustomer()
    const token = await tokenOf(email)
    const res = await postJson('/customers/reset-password', { email, resetToken: 'demo-reset-token', newPassword: NEW_PASSWORD })
    expect(res.status).toBe(200)
    await expectAskShopFirst(id)
    expect((await call('/customers/me', { headers: bearer(token) })).status).toBe(401)
    expect(await login(email, 'password123', DEAD_SHOP)).toEqual({ status: 503, body: oauthError(ANSWERS.unavailable) })
    expect(await login(email, NEW_PASSWORD, DEAD_SHOP)).toEqual({ status: 503, body: oauthError(ANSWERS.unavailable) })
    expect((await login(email, NEW_PASSWORD)).status).toBe(200)
    expect(await copyOf(id)).toMatchObject({ password_hash: expect.stringMatching(PBKDF2), confirmed_at: expect.any(Number) })
    // Confirmed by the shop: the copy answers on its own again.
    expect((await login(email, NEW_PASSWORD, DEAD_SHOP)).status).toBe(200)
  })

  it('a password change: the old password 503 with the shop down, 401 with it up', async () => {
    const { id, email } = await createCustomer()
    const token = await tokenOf(email)
    const res = await postJson('/customers/me/password', { currentPassword: 'password123', newPassword: NEW_PASSWORD }, { headers: bearer(token) })
    expect(res.status).toBe(200)
    await expectAskShopFirst(id)
    expect(await login(email, 'password123', DEAD_SHOP)).toEqual({ status: 503, body: oauthError(ANSWERS.unavailable) })
    expect(await login(email, 'password123')).toEqual({ status: 401, body: oauthError(ANSWERS.invalidCredentials) })
  })
})

describe('registration', () => {
  it("an answer naming the new id and email: a copy that asks the shop first; the password is learnt from the shop's 2xx at login", async () => {
    const email = uniqueEmail('register-trust')
    const res = await postJson('/customers', { email, password: NEW_PASSWORD, firstName: 'Reg', lastName: 'Trust' })
    expect(res.status).toBe(200)
    const { id } = await res.json<{ id: number }>()
    expect(await copyOf(id)).toMatchObject({ email, first_name: 'Reg', last_name: 'Trust', password_hash: '', confirmed_at: null })
    expect(await login(email, NEW_PASSWORD, DEAD_SHOP)).toEqual({ status: 503, body: oauthError(ANSWERS.unavailable) })
    expect((await login(email, NEW_PASSWORD)).status).toBe(200)
    expect(await copyOf(id)).toMatchObject({ password_hash: expect.stringMatching(PBKDF2), confirmed_at: expect.any(Number) })
  })

  it('an answer naming an email other than the one registered: nothing is stored', async () => {
    const email = uniqueEmail('register-other')
    const res = await postJson('/customers', { email, password: NEW_PASSWORD, firstName: 'Reg', lastName: 'Other' }, { headers: { [STATUS_HEADER]: '201' } })
    expect(res.status).toBe(201)
    expect(await copiesOf(email)).toEqual([])
    expect(await login(email, NEW_PASSWORD)).toEqual({ status: 401, body: oauthError(ANSWERS.invalidCredentials) })
  })

  it('an account made from an order: a copy that asks the shop first', async () => {
    const email = uniqueEmail('order-trust')
    const res = await postJson('/customers/create-from-order', { accountToken: `demo-order:${email}`, password: NEW_PASSWORD })
    expect(res.status).toBe(200)
    const { id } = await res.json<{ id: number }>()
    expect(await copyOf(id)).toMatchObject({ email, password_hash: '', confirmed_at: null })
    expect((await login(email, NEW_PASSWORD)).status).toBe(200)
  })
})
