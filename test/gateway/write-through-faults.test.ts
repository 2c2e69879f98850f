import { afterEach, describe, expect, it, vi } from 'vitest'
import { createCustomer, uniqueEmail } from '../helpers/accounts'
import { copyOf } from '../helpers/copies'
import { brokenD1 } from '../helpers/faults'
import { loginWith } from '../helpers/fallback'
import { callWith } from '../helpers/gateway-env'
import { call, postJson } from '../helpers/http'
import { bearer } from '../helpers/tokens'

const NEW_PASSWORD = 'a-new-password-456'
const json = (body: unknown) => ({ method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) })

async function tokenOf(email: string): Promise<string> {
  const res = await postJson('/auth/token', { email, password: 'password123' })
  expect(res.status).toBe(200)
  return (await res.json<{ token: string }>()).token
}

/** The events logged while `run` ran. */
async function loggedEvents(run: () => Promise<void>): Promise<Record<string, unknown>[]> {
  const log = vi.spyOn(console, 'log').mockImplementation(() => {})
  await run()
  const events = log.mock.calls.map(([line]) => JSON.parse(String(line)) as Record<string, unknown>)
  log.mockRestore()
  return events
}

afterEach(() => {
  vi.restoreAllMocks()
})

describe('write-through when D1 fails', () => {
  it("a failed password write: the shop's answer unchanged, the copy marked, the other tokens revoked", async () => {
    const { id, email } = await createCustomer()
    const [changing, other] = [await tokenOf(email), await tokenOf(email)]
    const before = await copyOf(id)
    let res: Response | undefined
    const events = await loggedEvents(async () => {
      res = await callWith({ DB: brokenD1(/"password_hash"/) }, '/customers/me/password', {
        ...json({ currentPassword: 'password123', newPassword: NEW_PASSWORD }),
        headers: { ...bearer(changing), 'Content-Type': 'application/json' },
      })
    })
    expect(res!.status).toBe(200)
    expect(await res!.json()).toMatchObject({ success: true, message: 'Password changed' })
    expect(events).toContainEqual(
      expect.objectContaining({ event: 'copy_write_failed', route: 'password_change', account: `customers:${id}`, error: 'storage_unavailable' }),
    )
    expect(events).toContainEqual(expect.objectContaining({ event: 'copy_marked_unconfirmed', account: `customers:${id}` }))
    expect(await copyOf(id)).toEqual({ ...before, confirmed_at: null })
    expect((await call('/customers/me', { headers: bearer(other) })).status).toBe(401)
    // The unconfirmed copy is not used: the shop decides, and it knows the new password only.
    expect((await loginWith({}, { email, password: 'password123' })).status).toBe(401)
    expect((await loginWith({}, { email, password: NEW_PASSWORD })).status).toBe(200)
    expect((await copyOf(id))!.confirmed_at).not.toBeNull()
  })

  it("a failed registration insert: the shop's answer (with its id) unchanged, no copy", async () => {
    const email = uniqueEmail('reg-fault')
    const res = await callWith(
      { DB: brokenD1(/insert into "customers"/) },
      '/customers',
      json({ email, password: NEW_PASSWORD, firstName: 'F', lastName: 'D' }),
    )
    expect(res.status).toBe(200)
    const { id } = await res.json<{ id: number }>()
    expect(id).toBeGreaterThan(0)
    expect(await copyOf(id)).toBeNull()
    // No copy: the first login asks the shop, which stores one.
    expect((await loginWith({}, { email, password: NEW_PASSWORD })).status).toBe(200)
    expect(await copyOf(id)).toMatchObject({ email, password_hash: expect.stringMatching(/^\$pbkdf2-sha256\$/) })
  })

  it('a reset when no write and no mark succeed: the answer unchanged, the tokens still revoked, the failure logged', async () => {
    const { id, email } = await createCustomer()
    const token = await tokenOf(email)
    const before = await copyOf(id)
    let res: Response | undefined
    const events = await loggedEvents(async () => {
      res = await callWith(
        { DB: brokenD1(/^update "customers"/) },
        '/customers/reset-password',
        json({ email, resetToken: 'demo-reset-token', newPassword: NEW_PASSWORD }),
      )
    })
    expect(res!.status).toBe(200)
    expect(await res!.json()).toMatchObject({ success: true, message: 'Password has been reset' })
    expect(events).toContainEqual(expect.objectContaining({ event: 'copy_mark_failed', route: 'password_reset', account: `customers:${id}` }))
    expect(events).toContainEqual(expect.objectContaining({ event: 'tokens_revoked', reason: 'password_reset', subject: `customer_${id}` }))
    expect(await copyOf(id)).toEqual(before)
    expect((await call('/customers/me', { headers: bearer(token) })).status).toBe(401)
    // The window docs/credentials.md ("Write-through") names: the unmarked copy still answers for the
    // old password (until its confirmation age or the sync); the new one is asked of the shop.
    expect((await loginWith({}, { email, password: 'password123' })).status).toBe(200)
    expect((await loginWith({}, { email, password: NEW_PASSWORD })).status).toBe(200)
  })

  it('a reset whose lookup of the email fails: the copy still forgets its password, the failure logged, its tokens revoked', async () => {
    const { id, email } = await createCustomer()
    let res: Response | undefined
    const events = await loggedEvents(async () => {
      res = await callWith(
        { DB: brokenD1(/^select "id" from "customers"/) },
        '/customers/reset-password',
        json({ email, resetToken: 'demo-reset-token', newPassword: NEW_PASSWORD }),
      )
    })
    expect(res!.status).toBe(200)
    expect(events).toContainEqual(expect.objectContaining({ event: 'copy_lookup_failed', route: 'password_reset', error: 'storage_unavailable' }))
    expect(events).toContainEqual(expect.objectContaining({ event: 'copy_written', route: 'password_reset' }))
    expect(events).toContainEqual(expect.objectContaining({ event: 'tokens_revoked', subject: `customer_${id}` }))
    expect(await copyOf(id)).toMatchObject({ password_hash: '', confirmed_at: null })
  })

  it('an email change whose write fails: the answer unchanged, the copy marked', async () => {
    const { id, email } = await createCustomer()
    const token = await tokenOf(email)
    const before = await copyOf(id)
    const moved = uniqueEmail('moved-fault')
    const res = await callWith({ DB: brokenD1(/set "email"/) }, '/customers/me', {
      method: 'PUT',
      headers: { ...bearer(token), 'Content-Type': 'application/json' },
      body: JSON.stringify({ email: moved }),
    })
    expect(res.status).toBe(200)
    expect(await res.json()).toMatchObject({ email: moved })
    expect(await copyOf(id)).toEqual({ ...before, confirmed_at: null })
    expect((await loginWith({}, { email: moved, password: 'password123' })).status).toBe(200)
    expect((await loginWith({}, { email, password: 'password123' })).status).toBe(401)
  })
})
