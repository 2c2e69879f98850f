// One account, one identity: a 2xx change names an email as the shop's database compares it (a
// case- and accent-insensitive MySQL/MariaDB collation, PAD SPACE), so the edge ends every copy the
// email could mean under any spelling the shop folds to it. Through HTTP, against the demo shop
// (which folds case with Unicode rules: the KELVIN SIGN finds `k`); spellings the demo does not fold
// itself are answered 2xx with its X-Demo-Status hook, as a shop with such a collation would.
import { describe, expect, it } from 'vitest'
import { createCustomer } from '../helpers/accounts'
import { copyOf } from '../helpers/copies'
import { call, postJson } from '../helpers/http'
import { STATUS_HEADER } from '../helpers/origin'
import { bearer } from '../helpers/tokens'

const NEW_PASSWORD = 'a-new-password-456'
let counter = 0
const local = (stem: string) => {
  counter += 1
  return `${stem}-${Date.now().toString(36)}-${counter}`
}

async function tokenOf(email: string): Promise<string> {
  const res = await postJson('/auth/token', { email, password: 'password123' })
  expect(res.status).toBe(200)
  return (await res.json<{ token: string }>()).token
}

const rows: Array<{ name: string; stored: (stem: string) => string; spelt: (stem: string) => string; hook: boolean }> = [
  { name: 'KELVIN SIGN for k (the demo shop folds it itself)', stored: (s) => `kim-${s}@example.com`, spelt: (s) => `\u212Aim-${s}@example.com`, hook: false },
  { name: 'mixed case', stored: (s) => `kim-${s}@example.com`, spelt: (s) => `KiM-${s.toUpperCase()}@Example.COM`, hook: false },
  { name: 'full-width letters', stored: (s) => `kim-${s}@example.com`, spelt: (s) => `\uFF4B\uFF49\uFF4D-${s}@example.com`, hook: true },
  { name: 'trailing spaces (PAD SPACE)', stored: (s) => `kim-${s}@example.com`, spelt: (s) => `kim-${s}@example.com   `, hook: true },
  { name: 'ß for ss (utf8mb4_unicode_ci)', stored: (s) => `strasse-${s}@example.com`, spelt: (s) => `straße-${s}@example.com`, hook: true },
  {
    name: "ß for s (utf8_general_ci, Maho's default table collation)",
    stored: (s) => `strase-${s}@example.com`,
    spelt: (s) => `straße-${s}@example.com`,
    hook: true,
  },
  { name: 'an accented letter', stored: (s) => `rene-${s}@example.com`, spelt: (s) => `ren\u00E9-${s}@example.com`, hook: true },
]

describe('a 2xx reset under another spelling of the email', () => {
  for (const row of rows) {
    it(`${row.name}: the old password, access token and refresh token all end`, async () => {
      const stem = local('id')
      const { id, email } = await createCustomer({ email: row.stored(stem) })
      const login = await postJson('/auth/token', { email, password: 'password123' })
      const { token, refreshToken } = await login.json<{ token: string; refreshToken: string }>()
      const headers: Record<string, string> = row.hook ? { [STATUS_HEADER]: '200' } : {}
      const res = await postJson(
        '/customers/reset-password',
        { email: row.spelt(stem), resetToken: 'demo-reset-token', newPassword: NEW_PASSWORD },
        { headers },
      )
      expect(res.status).toBe(200)
      expect(await copyOf(id)).toMatchObject({ password_hash: '', confirmed_at: null })
      expect((await call('/customers/me', { headers: bearer(token) })).status).toBe(401)
      const refreshed = await postJson('/auth/token', { grant_type: 'refresh_token', refresh_token: refreshToken })
      expect(refreshed.status).toBe(400)
    })
  }

  it('two copies on two websites the email could mean: both end', async () => {
    const stem = local('two')
    const a = await createCustomer({ email: `kim-${stem}@example.com` })
    const b = await createCustomer({ email: `strase-${stem}@example.com` })
    const [ta, tb] = [await tokenOf(a.email), await tokenOf(b.email)]
    // `kim-…` and `strase-…` are different accounts; an email folding to both does not exist, so
    // check the general_ci and unicode_ci readings of ß at once: `straße` means `strase` or `strasse`.
    const c = await createCustomer({ email: `strasse-${stem}@example.com` })
    const tc = await tokenOf(c.email)
    const res = await postJson(
      '/customers/reset-password',
      { email: `straße-${stem}@example.com`, resetToken: 'x', newPassword: NEW_PASSWORD },
      { headers: { [STATUS_HEADER]: '200' } },
    )
    expect(res.status).toBe(200)
    expect((await call('/customers/me', { headers: bearer(tb) })).status).toBe(401)
    expect((await call('/customers/me', { headers: bearer(tc) })).status).toBe(401)
    expect((await call('/customers/me', { headers: bearer(ta) })).status).toBe(200)
    expect(await copyOf(a.id)).toMatchObject({ confirmed_at: expect.any(Number) })
  })
})
