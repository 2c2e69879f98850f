// The shop's second factor (docs/credentials.md "The second factor"): every login of a customer
// with it on is sent to the shop (the demo shop, a real auxiliary worker) with its twofa_code,
// and no password alone ever gets a token, whether the edge copy was seeded, learnt through the
// fallback, or asked for in cookie mode.
import { env } from 'cloudflare:workers'
import { describe, expect, it } from 'vitest'
import { customerRow, DEAD_SHOP, recordingShop } from '../helpers/fallback'
import { COOKIE_ORIGIN } from '../helpers/sessions'
import { bearer } from '../helpers/tokens'
import { call } from '../helpers/http'
import { ANSWERS } from '../helpers/answers'
import { frozenReplica } from '../helpers/replicas'
import { currentCode, wrongCode } from '../helpers/totp'
import { BAD_CODE, tokenError, THEO, TINA, tokenRequest, TWOFA_INVALID, TWOFA_REQUIRED } from './helpers'

const DIALECTS = [
  { name: 'JSON', form: false },
  { name: 'form', form: true },
]

async function expectRefusal(res: Response, body: unknown): Promise<void> {
  expect(await res.json()).toEqual(body)
  expect(res.headers.get('Cache-Control')).toBe('no-store')
  expect(res.headers.getSetCookie()).toEqual([])
}

describe.each(DIALECTS)('customer 6, seeded with the second factor on ($name)', ({ form }) => {
  it('a password alone is 401 twofa_required, asked of the shop, never answered from the copy', async () => {
    const { shop, seen } = recordingShop()
    const res = await tokenRequest(TINA, { form, env: { ORIGIN: shop } })
    expect(res.status).toBe(401)
    expect(res.headers.get('WWW-Authenticate')).toMatch(/^Bearer realm="maho-api"/)
    await expectRefusal(res, tokenError(TWOFA_REQUIRED))
    expect(seen).toHaveLength(1)
    expect(await seen[0]!.json()).toEqual({ grant_type: 'customer', email: TINA.email, password: TINA.password })
  })

  it('the right code, as a string, gets a token; the code is forwarded as a string and the copy keeps its flag', async () => {
    const { shop, seen } = recordingShop()
    const code = await currentCode()
    const res = await tokenRequest({ ...TINA, twofa_code: code }, { form, env: { ORIGIN: shop } })
    expect(res.status).toBe(200)
    const body = await res.json<{ token: string; customer: unknown }>()
    expect(body.customer).toEqual({ id: 6, email: TINA.email, firstName: 'Tina', lastName: 'Two' })
    expect(await seen[0]!.json()).toMatchObject({ twofa_code: code })
    expect((await call('/customers/me', { headers: bearer(body.token) })).status).toBe(200)
    expect(await customerRow(TINA.email)).toMatchObject({ id: 6, second_factor: 1 })
  })

  it('a wrong code is 401 twofa_invalid', async () => {
    const res = await tokenRequest({ ...TINA, twofa_code: await wrongCode() }, { form })
    expect(res.status).toBe(401)
    await expectRefusal(res, tokenError(TWOFA_INVALID))
  })

  it('a wrong password with the right code is invalid_credentials (no second-factor oracle)', async () => {
    const res = await tokenRequest({ ...TINA, password: 'wrong-password', twofa_code: await currentCode() }, { form })
    expect(res.status).toBe(401)
    await expectRefusal(res, tokenError(ANSWERS.invalidCredentials))
  })

  it('a shop that cannot be asked is 503, with or without a code, never a token from the copy', async () => {
    for (const fields of [TINA, { ...TINA, twofa_code: await currentCode() }]) {
      const res = await tokenRequest(fields, { form, env: { ORIGIN: DEAD_SHOP } })
      expect(res.status).toBe(503)
      await expectRefusal(res, tokenError(ANSWERS.unavailable))
    }
  })
})

describe('the code as a JSON number', () => {
  it('is accepted, and sent to the shop as its six-digit string', async () => {
    const { shop, seen } = recordingShop()
    const code = await currentCode()
    const res = await tokenRequest({ ...TINA, twofa_code: Number(code) }, { env: { ORIGIN: shop } })
    expect(res.status).toBe(200)
    expect(await seen[0]!.json()).toMatchObject({ twofa_code: code })
  })
})

describe('customer 7, only in the shop', () => {
  it('password alone: twofa_required; with the code: a token and a copy with the flag on; then a password alone still fails', async () => {
    const first = await tokenRequest(THEO)
    expect(first.status).toBe(401)
    await expectRefusal(first, tokenError(TWOFA_REQUIRED))
    // The shop's 401 names no customer id: no copy yet.
    expect(await customerRow(THEO.email)).toBeNull()

    const withCode = await tokenRequest({ ...THEO, twofa_code: await currentCode() })
    expect(withCode.status).toBe(200)
    expect((await withCode.json<{ customer: { id: number } }>()).customer.id).toBe(7)
    expect(await customerRow(THEO.email)).toMatchObject({ id: 7, second_factor: 1 })

    // The bypass the issue names: the copy is at the edge now, and a password alone still goes to the shop.
    const { shop, seen } = recordingShop()
    const again = await tokenRequest(THEO, { env: { ORIGIN: shop } })
    expect(again.status).toBe(401)
    await expectRefusal(again, tokenError(TWOFA_REQUIRED))
    expect(seen).toHaveLength(1)
    expect((await tokenRequest(THEO, { env: { ORIGIN: DEAD_SHOP } })).status).toBe(503)
    expect((await tokenRequest({ ...THEO, password: 'wrong-password', twofa_code: await currentCode() })).status).toBe(401)
  })
})

describe('customer 7 in the form dialect', () => {
  it('password alone: twofa_required; the code as a form field: a token', async () => {
    const res = await tokenRequest(THEO, { form: true })
    expect(res.status).toBe(401)
    await expectRefusal(res, tokenError(TWOFA_REQUIRED))
    const withCode = await tokenRequest({ ...THEO, twofa_code: await currentCode() }, { form: true })
    expect(withCode.status).toBe(200)
  })
})

describe('a read replica behind the primary', () => {
  it('a copy the replica still has without the flag is not answered from once the primary has it', async () => {
    await env.DB.prepare('update customers set second_factor = 0 where id = 6').run()
    const { DB } = await frozenReplica(['customers'])
    await env.DB.prepare('update customers set second_factor = 1 where id = 6').run()
    const { shop, seen } = recordingShop()
    const res = await tokenRequest(TINA, { env: { DB, ORIGIN: shop } })
    expect(res.status).toBe(401)
    await expectRefusal(res, tokenError(TWOFA_REQUIRED))
    expect(seen).toHaveLength(1)
  })
})

describe('a copy learns the second factor from the shop', () => {
  it('a copy without the flag that the shop is asked about is marked when it answers twofa_required', async () => {
    // Unconfirmed: the next login asks the shop (as a stale copy would).
    await env.DB.prepare('update customers set second_factor = 0, confirmed_at = null where id = 6').run()
    expect((await tokenRequest(TINA)).status).toBe(401)
    expect(await customerRow(TINA.email)).toMatchObject({ second_factor: 1 })
    await env.DB.prepare('update customers set confirmed_at = unixepoch() where id = 6').run()
    expect((await tokenRequest(TINA, { env: { ORIGIN: DEAD_SHOP } })).status).toBe(503)
  })

  it('a login of a customer without 2FA that carries a code goes to the shop, and its copy keeps the flag on', async () => {
    const { shop, seen } = recordingShop()
    const res = await tokenRequest({ email: 'customer@example.com', password: 'password123', twofa_code: '123456' }, { env: { ORIGIN: shop } })
    expect(res.status).toBe(200)
    expect(seen).toHaveLength(1)
    expect(await customerRow('customer@example.com')).toMatchObject({ id: 1, second_factor: 1 })
  })
})

describe('after the second factor', () => {
  it('a refresh needs no code: the Bearer refresh and the refresh_token grant both answer', async () => {
    const res = await tokenRequest({ ...TINA, twofa_code: await currentCode() })
    const { token, refreshToken } = await res.json<{ token: string; refreshToken: string }>()
    expect((await call('/auth/refresh', { method: 'POST', headers: bearer(token) })).status).toBe(200)
    const rotated = await tokenRequest({ grant_type: 'refresh_token', refresh_token: refreshToken })
    expect(rotated.status).toBe(200)
  })
})

describe('cookie mode', () => {
  const headers = { Origin: COOKIE_ORIGIN }

  it('a password alone sets no cookie, for the seeded copy and the shop-only customer alike', async () => {
    for (const who of [TINA, THEO]) {
      const res = await tokenRequest(who, { headers })
      expect(res.status).toBe(401)
      await expectRefusal(res, tokenError(TWOFA_REQUIRED))
    }
  })

  it('the right code sets the session cookies, with no token in the body', async () => {
    const res = await tokenRequest({ ...TINA, twofa_code: await currentCode() }, { headers })
    expect(res.status).toBe(200)
    expect(res.headers.getSetCookie().length).toBeGreaterThanOrEqual(2)
    const body = await res.json<Record<string, unknown>>()
    expect(body.token).toBeUndefined()
    expect(body.customer).toMatchObject({ id: 6 })
  })

  it('a hostile code is refused before anything is asked', async () => {
    const res = await tokenRequest({ ...TINA, twofa_code: '12345' }, { headers })
    expect(res.status).toBe(400)
    await expectRefusal(res, tokenError(BAD_CODE))
  })
})
