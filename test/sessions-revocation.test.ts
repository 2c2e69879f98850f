// Every path that ends a customer's sessions ends their refresh families too.
import { env } from 'cloudflare:workers'
import { describe, expect, it, vi } from 'vitest'
import { createCustomer } from './helpers/accounts'
import { ANSWERS, oauthError } from './helpers/answers'
import { call, postJson } from './helpers/http'
import { families, login, rotate, type TokenAnswer } from './helpers/sessions'
import { bearer } from './helpers/tokens'

const INVALID_GRANT = oauthError(ANSWERS.invalidGrant)

const logout = (token: string, body?: unknown) =>
  call('/auth/logout', {
    method: 'POST',
    headers: { ...bearer(token), ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  })

async function expectRefused(refreshToken: string) {
  const res = await rotate(refreshToken)
  expect(res.status).toBe(400)
  expect(await res.json()).toEqual(INVALID_GRANT)
}

describe('ending refresh families', () => {
  it('logout with a Bearer ends the family that token came from, and only that one', async () => {
    const { id, email } = await createCustomer()
    const laptop = await login(email)
    const phone = await login(email)
    expect((await logout(laptop.token)).status).toBe(200)
    await expectRefused(laptop.refreshToken)
    expect((await rotate(phone.refreshToken)).status).toBe(200)
    expect((await families(id)).map((f) => f.revoked_reason)).toEqual(['logout', null])
  })

  it('logout with a token from a rotation ends the family too', async () => {
    const { email } = await createCustomer()
    const first = await login(email)
    const second = await (await rotate(first.refreshToken)).json<TokenAnswer>()
    expect((await logout(second.token)).status).toBe(200)
    await expectRefused(second.refreshToken)
  })

  it('logout with a token refreshed at /auth/refresh ends the family it descends from', async () => {
    const { email } = await createCustomer()
    const first = await login(email)
    const refreshed = await (await call('/auth/refresh', { method: 'POST', headers: bearer(first.token) })).json<{ token: string }>()
    expect((await logout(refreshed.token)).status).toBe(200)
    await expectRefused(first.refreshToken)
  })

  it('reuse detection also revokes access tokens refreshed at /auth/refresh from the family', async () => {
    const { email } = await createCustomer()
    const first = await login(email)
    const refreshed = await (await call('/auth/refresh', { method: 'POST', headers: bearer(first.token) })).json<{ token: string }>()
    const second = await (await rotate(first.refreshToken)).json<TokenAnswer>()
    expect((await rotate(second.refreshToken)).status).toBe(200)
    await expectRefused(first.refreshToken)
    expect((await call('/customers/me', { headers: bearer(refreshed.token) })).status).toBe(401)
  })

  it("logout everywhere ends every family of the customer, not another customer's", async () => {
    const { id, email } = await createCustomer()
    const other = await createCustomer()
    const a = await login(email)
    const b = await login(email)
    const theirs = await login(other.email)
    expect((await logout(a.token, { everywhere: true })).status).toBe(200)
    await expectRefused(a.refreshToken)
    await expectRefused(b.refreshToken)
    expect((await families(id)).every((f) => f.revoked_reason === 'subject_revoked')).toBe(true)
    expect((await rotate(theirs.refreshToken)).status).toBe(200)
  })

  it('a 2xx password change through the gateway ends the other families; the changing session keeps its own', async () => {
    const { email } = await createCustomer()
    const changer = await login(email)
    const stolen = await login(email)
    const res = await postJson(
      '/customers/me/password',
      { currentPassword: 'password123', newPassword: 'another-password-1' },
      { headers: bearer(changer.token) },
    )
    expect(res.status).toBe(200)
    await expectRefused(stolen.refreshToken)
    expect((await rotate(changer.refreshToken)).status).toBe(200)
  })

  it('a 2xx password reset through the gateway ends every family of the customer', async () => {
    const { id, email } = await createCustomer()
    const a = await login(email)
    const b = await login(email)
    const res = await postJson('/customers/reset-password', { email, resetToken: 'demo-reset-token', newPassword: 'reset-password-789' })
    expect(res.status).toBe(200)
    await expectRefused(a.refreshToken)
    await expectRefused(b.refreshToken)
    expect((await families(id)).every((f) => f.revoked_reason === 'subject_revoked')).toBe(true)
  })

  it('a refused password change ends nothing', async () => {
    const { email } = await createCustomer()
    const changer = await login(email)
    const other = await login(email)
    const res = await postJson(
      '/customers/me/password',
      { currentPassword: 'wrong', newPassword: 'x' },
      { headers: { ...bearer(changer.token), 'X-Demo-Status': '422' } },
    )
    expect(res.status).toBe(422)
    expect((await rotate(other.refreshToken)).status).toBe(200)
  })

  it('deactivation: the next rotation finds the account inactive and ends the family', async () => {
    const { id, email } = await createCustomer()
    const session = await login(email)
    await env.DB.prepare('update customers set is_active = 0 where id = ?').bind(id).run()
    await expectRefused(session.refreshToken)
    await env.DB.prepare('update customers set is_active = 1 where id = ?').bind(id).run()
    // Reactivation does not bring an ended family back.
    await expectRefused(session.refreshToken)
  })
})

describe('session logs', () => {
  it('never hold a refresh token or an access token, through login, rotation, reuse, cookie mode and logout', async () => {
    const lines: string[] = []
    const spy = vi.spyOn(console, 'log').mockImplementation((...args: unknown[]) => void lines.push(args.map(String).join(' ')))
    const spyError = vi.spyOn(console, 'error').mockImplementation((...args: unknown[]) => void lines.push(args.map(String).join(' ')))
    try {
      const { email } = await createCustomer()
      const first = await login(email)
      const second = await (await rotate(first.refreshToken)).json<TokenAnswer>()
      await rotate(second.refreshToken)
      await rotate(first.refreshToken)
      const cookie = await postJson('/auth/token', { email, password: 'password123' }, { headers: { Origin: 'http://localhost:8787' } })
      const jar = cookie.headers
        .getSetCookie()
        .map((c) => c.split(';', 1)[0])
        .join('; ')
      await call('/auth/logout', { method: 'POST', headers: { Cookie: jar, Origin: 'https://evil.example' } })
      await call('/auth/logout', { method: 'POST', headers: { Cookie: jar, Origin: 'http://localhost:8787', 'X-Requested-With': 'x' } })
      const secrets = [first.token, first.refreshToken, second.token, second.refreshToken, ...jar.split('; ').map((c) => c.split('=')[1]!)]
      const output = lines.join('\n')
      expect(lines.some((line) => line.includes('refresh_token_reused'))).toBe(true)
      expect(secrets.filter((s) => output.includes(s.slice(4, 40)))).toEqual([])
    } finally {
      spy.mockRestore()
      spyError.mockRestore()
    }
  })
})
