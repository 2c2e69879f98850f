// The demo shop's endpoints that set or change credentials, called directly. Every test works on
// customers of its own (unique emails): the shop's state is shared by all test files.
import { describe, expect, it } from 'vitest'
import { uniqueEmail } from '../helpers/accounts'
import { shopFetch, shopLogin, shopPost } from '../helpers/shop'

const bad = (error: string, message: string, code: number) => ({ error, message, code })
const EMAIL_TAKEN = bad('conflict', 'A customer with this email already exists', 409)

async function register(email = uniqueEmail('shop'), password = 'password123') {
  const res = await shopPost('/customers', { email, password, firstName: 'Reg', lastName: 'Istered' })
  expect(res.status).toBe(200)
  const body = await res.json<{ id: number; email: string }>()
  return { id: body.id, email, password }
}

async function loginStatus(email: string, password: string): Promise<number> {
  return (await shopPost('/auth/token', { email, password })).status
}

const json = async (res: Response) => ({ status: res.status, body: await res.json() })

describe('demo shop POST /customers (registration)', () => {
  it('answers the new customer with its id, and the customer can log in', async () => {
    const email = uniqueEmail('reg')
    const res = await shopPost('/customers', { email, password: 'a-good-password', firstName: 'Reg', lastName: 'Istered' })
    expect(res.status).toBe(200)
    const body = await res.json<Record<string, unknown>>()
    expect(body).toMatchObject({
      demo: true,
      method: 'POST',
      path: '/api/rest/v2/customers',
      id: expect.any(Number),
      email,
      firstName: 'Reg',
      lastName: 'Istered',
    })
    const login = await shopPost('/auth/token', { email, password: 'a-good-password' })
    expect(await login.json()).toMatchObject({ customer: { id: body.id, email, firstName: 'Reg', lastName: 'Istered' } })
    const stored = await (await shopFetch(`http://shop.test/__demo/shop/customers?email=${encodeURIComponent(email)}`)).json<{ passwordHash: string }>()
    expect(stored.passwordHash).toMatch(/^\$2y\$10\$[./A-Za-z0-9]{53}$/)
  })

  it('refuses an email that exists, in any case, with 409', async () => {
    const { email } = await register()
    expect(await json(await shopPost('/customers', { email: email.toUpperCase(), password: 'password123', firstName: 'A', lastName: 'B' }))).toEqual({
      status: 409,
      body: EMAIL_TAKEN,
    })
    expect(await json(await shopPost('/customers', { email: 'customer@example.com', password: 'password123', firstName: 'A', lastName: 'B' }))).toEqual({
      status: 409,
      body: EMAIL_TAKEN,
    })
  })

  it('creates one customer when the same email registers five times at once', async () => {
    const email = uniqueEmail('race')
    const answers = await Promise.all(
      Array.from({ length: 5 }, () => shopPost('/customers', { email, password: 'password123', firstName: 'A', lastName: 'B' })),
    )
    expect(answers.map((r) => r.status).sort()).toEqual([200, 409, 409, 409, 409])
  })

  const invalid = [
    {
      name: 'no password',
      input: { email: 'x@example.com', firstName: 'A', lastName: 'B' },
      status: 422,
      body: bad('unprocessable_entity', 'email, password, firstName and lastName are required', 422),
    },
    {
      name: 'no names',
      input: { email: 'x@example.com', password: 'password123' },
      status: 422,
      body: bad('unprocessable_entity', 'email, password, firstName and lastName are required', 422),
    },
    {
      name: 'bad email',
      input: { email: 'nope', password: 'password123', firstName: 'A', lastName: 'B' },
      status: 400,
      body: bad('invalid_request', 'Invalid email address', 400),
    },
    {
      name: 'a 5-character password',
      input: { email: 'x@example.com', password: '12345', firstName: 'A', lastName: 'B' },
      status: 422,
      body: bad('unprocessable_entity', 'Password must be 6 to 256 bytes long', 422),
    },
    {
      name: 'a 257-byte password',
      input: { email: 'x@example.com', password: 'p'.repeat(257), firstName: 'A', lastName: 'B' },
      status: 422,
      body: bad('unprocessable_entity', 'Password must be 6 to 256 bytes long', 422),
    },
    { name: 'a JSON array', input: [], status: 400, body: bad('bad_request', 'Request body must be a JSON object', 400) },
  ]
  for (const { name, input, status, body } of invalid) {
    it(`refuses ${name} with ${status}`, async () => {
      expect(await json(await shopPost('/customers', input))).toEqual({ status, body })
    })
  }
})

describe('demo shop POST /customers/me/password', () => {
  it('changes the password: the old one stops logging in, the new one works', async () => {
    const { email } = await register()
    const token = await shopLogin({ email, password: 'password123' })
    const res = await shopPost('/customers/me/password', { currentPassword: 'password123', newPassword: 'changed-456' }, { Authorization: `Bearer ${token}` })
    expect(res.status).toBe(200)
    expect(await res.json()).toMatchObject({ demo: true, success: true, message: 'Password changed' })
    expect(await loginStatus(email, 'password123')).toBe(401)
    expect(await loginStatus(email, 'changed-456')).toBe(200)
  })

  const refused = [
    {
      name: 'a wrong current password',
      input: { currentPassword: 'password124', newPassword: 'changed-456' },
      status: 400,
      body: bad('bad_request', 'Current password is incorrect', 400),
    },
    {
      name: 'no new password',
      input: { currentPassword: 'password123' },
      status: 422,
      body: bad('unprocessable_entity', 'currentPassword and newPassword are required', 422),
    },
    {
      name: 'a too short new password',
      input: { currentPassword: 'password123', newPassword: 'abc' },
      status: 422,
      body: bad('unprocessable_entity', 'Password must be 6 to 256 bytes long', 422),
    },
  ]
  for (const { name, input, status, body } of refused) {
    it(`refuses ${name} with ${status} and keeps the old password`, async () => {
      const { email } = await register()
      const token = await shopLogin({ email, password: 'password123' })
      expect(await json(await shopPost('/customers/me/password', input, { Authorization: `Bearer ${token}` }))).toEqual({ status, body })
      expect(await loginStatus(email, 'password123')).toBe(200)
    })
  }

  it('refuses a request without a token with 401', async () => {
    expect(await json(await shopPost('/customers/me/password', { currentPassword: 'password123', newPassword: 'changed-456' }))).toEqual({
      status: 401,
      body: bad('unauthorized', 'Authentication required', 401),
    })
  })
})

describe('demo shop forgot and reset password', () => {
  it('answers forgot-password the same for a known and an unknown email', async () => {
    const { email } = await register()
    const known = await (await shopPost('/customers/forgot-password', { email })).json<Record<string, unknown>>()
    const unknown = await (await shopPost('/customers/forgot-password', { email: uniqueEmail('nobody') })).json<Record<string, unknown>>()
    for (const body of [known, unknown])
      expect(body).toMatchObject({ demo: true, success: true, message: 'If the email is registered, a reset link has been sent' })
  })

  it('resets with demo-reset-token: the old password stops logging in, the new one works', async () => {
    const { email } = await register()
    const res = await shopPost('/customers/reset-password', { email, resetToken: 'demo-reset-token', newPassword: 'reset-789' })
    expect(res.status).toBe(200)
    expect(await res.json()).toMatchObject({ success: true, message: 'Password has been reset' })
    expect(await loginStatus(email, 'password123')).toBe(401)
    expect(await loginStatus(email, 'reset-789')).toBe(200)
  })

  it('refuses a wrong reset token and an unknown email alike, changing nothing', async () => {
    const { email } = await register()
    const wrongToken = await json(await shopPost('/customers/reset-password', { email, resetToken: 'guess', newPassword: 'reset-789' }))
    const unknown = await json(
      await shopPost('/customers/reset-password', { email: uniqueEmail('nobody'), resetToken: 'demo-reset-token', newPassword: 'reset-789' }),
    )
    for (const answer of [wrongToken, unknown]) expect(answer).toEqual({ status: 400, body: bad('bad_request', 'Invalid or expired reset token', 400) })
    expect(await loginStatus(email, 'password123')).toBe(200)
  })
})

describe('demo shop POST /customers/create-from-order', () => {
  it("creates the order's customer from demo-order:<email>, who can then log in", async () => {
    const email = uniqueEmail('order')
    const res = await shopPost('/customers/create-from-order', { accountToken: `demo-order:${email}`, password: 'order-pass-1' })
    expect(res.status).toBe(200)
    const body = await res.json<{ id: number }>()
    expect(body).toMatchObject({ demo: true, id: expect.any(Number), email, firstName: 'Guest', lastName: 'Customer' })
    expect(await (await shopPost('/auth/token', { email, password: 'order-pass-1' })).json()).toMatchObject({ customer: { id: body.id } })
    expect(await json(await shopPost('/customers/create-from-order', { accountToken: `demo-order:${email}`, password: 'order-pass-1' }))).toEqual({
      status: 409,
      body: EMAIL_TAKEN,
    })
  })

  const refused = [
    {
      name: 'a token of another form',
      input: { accountToken: 'order-123', password: 'order-pass-1' },
      status: 400,
      body: bad('bad_request', 'Invalid or expired account token', 400),
    },
    {
      name: 'a token without an email',
      input: { accountToken: 'demo-order:', password: 'order-pass-1' },
      status: 400,
      body: bad('bad_request', 'Invalid or expired account token', 400),
    },
    {
      name: 'no password',
      input: { accountToken: 'demo-order:x@example.com' },
      status: 422,
      body: bad('unprocessable_entity', 'accountToken and password are required', 422),
    },
  ]
  for (const { name, input, status, body } of refused) {
    it(`refuses ${name} with ${status}`, async () => {
      expect(await json(await shopPost('/customers/create-from-order', input))).toEqual({ status, body })
    })
  }
})

describe('demo shop PUT /customers/me', () => {
  async function put(token: string, body: unknown) {
    return shopFetch('/customers/me', {
      method: 'PUT',
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    })
  }

  it('changes the email and names: the customer logs in with the new email only', async () => {
    const { id, email } = await register()
    const token = await shopLogin({ email, password: 'password123' })
    const next = uniqueEmail('moved')
    const res = await put(token, { email: next, firstName: 'New', lastName: 'Name' })
    expect(res.status).toBe(200)
    expect(await res.json()).toMatchObject({ demo: true, id, email: next, firstName: 'New', lastName: 'Name' })
    expect(await loginStatus(email, 'password123')).toBe(401)
    expect(await loginStatus(next, 'password123')).toBe(200)
    const me = await shopFetch('/customers/me', { headers: { Authorization: `Bearer ${token}` } })
    expect(await me.json()).toMatchObject({ data: { id, email: next, firstName: 'New', lastName: 'Name' } })
  })

  const refused = [
    { name: 'an email another customer has', input: { email: 'customer@example.com' }, status: 409, body: EMAIL_TAKEN },
    { name: 'a bad email', input: { email: 'nope' }, status: 400, body: bad('invalid_request', 'Invalid email address', 400) },
    {
      name: 'an empty first name',
      input: { firstName: ' ' },
      status: 422,
      body: bad('unprocessable_entity', 'First and last name must be non-empty strings', 422),
    },
  ]
  for (const { name, input, status, body } of refused) {
    it(`refuses ${name} with ${status}, changing nothing`, async () => {
      const { email } = await register()
      const token = await shopLogin({ email, password: 'password123' })
      expect(await json(await put(token, input))).toEqual({ status, body })
      expect(await loginStatus(email, 'password123')).toBe(200)
    })
  }
})
