// Hostile second-factor codes and the lockout (docs/credentials.md "The second factor"): a code
// that is not six digits is 400 before anything is looked at; a missing code after the right
// password is no failure; every wrong code is one.
import { env } from 'cloudflare:workers'
import { describe, expect, it } from 'vitest'
import { lockKey } from '../../src/db/lockout'
import { createShopCustomer, customerRow, recordingShop } from '../helpers/fallback'
import { ANSWERS } from '../helpers/answers'
import { currentCode, DEMO_TOTP_SECRET, wrongCode } from '../helpers/totp'
import { BAD_CODE, TINA, tokenError, tokenRequest, TWOFA_INVALID, TWOFA_REQUIRED } from './helpers'

interface CodeCase {
  name: string
  input: unknown
  form?: boolean
  status: number
  code: string
}

const bad = (name: string, input: unknown, form = false): CodeCase => ({ name, input, form, status: 400, code: 'invalid_request' })

const CASES: CodeCase[] = [
  bad('five digits', '12345'),
  bad('seven digits', '1234567'),
  bad('letters', 'abcdef'),
  bad('digits and a letter', '12345a'),
  bad('a leading space', ' 123456'),
  bad('a trailing newline', '123456\n'),
  bad('full-width digits', '１２３４５６'),
  bad('Arabic-Indic digits', '١٢٣٤٥٦'),
  bad('a sign', '+12345'),
  bad('a 10 kB string', '1'.repeat(10_000)),
  bad('an array', ['123456']),
  bad('an empty array', []),
  bad('an object', { code: '123456' }),
  bad('true', true),
  bad('false', false),
  bad('a number over six digits', 1_234_567),
  bad('a negative number', -1),
  bad('a fraction', 123456.5),
  bad('a form field of five digits', '12345', true),
  bad('a form field of letters', 'abcdef', true),
  bad('a form field with a space', '123 456', true),
]

describe('hostile twofa_code: 400 invalid_request, the shop not asked, nothing stored or counted', () => {
  for (const row of CASES) {
    it(row.name, async () => {
      const { shop, seen } = recordingShop()
      const before = await customerRow(TINA.email)
      const res = await tokenRequest({ ...TINA, twofa_code: row.input }, { form: row.form, env: { ORIGIN: shop } })
      expect(res.status).toBe(row.status)
      expect(await res.json()).toEqual(tokenError({ ...BAD_CODE, error: row.code }))
      expect(seen).toHaveLength(0)
      expect(await customerRow(TINA.email)).toEqual(before)
      expect(
        await env.DB.prepare('select * from login_failures where identity_hash = ?')
          .bind(await lockKey('customer', TINA.email))
          .first(),
      ).toBeNull()
    })
  }

  it('refused for a customer without the second factor too (a password alone would have passed)', async () => {
    const res = await tokenRequest({ email: 'customer@example.com', password: 'password123', twofa_code: '12345' })
    expect(res.status).toBe(400)
    expect(await res.json()).toEqual(tokenError(BAD_CODE))
  })

  it("null and an empty string mean no code (the shop's reading): twofa_required", async () => {
    for (const twofa_code of [null, '']) {
      const res = await tokenRequest({ ...TINA, twofa_code })
      expect(await res.json()).toEqual(tokenError(TWOFA_REQUIRED))
    }
  })
})

// LOCKOUT_MAX_FAILURES is 10 (the default) in the local config.
describe('the lockout', () => {
  it('a missing code after the right password counts nothing: 14 in a row, then the right code still logs in', async () => {
    const { email } = await createShopCustomer('twofa-missing', DEMO_TOTP_SECRET)
    for (let i = 0; i < 14; i++) {
      const res = await tokenRequest({ email, password: 'password123' })
      expect(await res.json()).toEqual(tokenError(TWOFA_REQUIRED))
    }
    expect((await tokenRequest({ email, password: 'password123', twofa_code: await currentCode() })).status).toBe(200)
  })

  it('wrong codes count: the tenth is answered 401, then the name is locked, the right code included', async () => {
    const { email } = await createShopCustomer('twofa-guess', DEMO_TOTP_SECRET)
    const wrong = await wrongCode()
    for (let i = 1; i <= 10; i++) {
      const res = await tokenRequest({ email, password: 'password123', twofa_code: wrong })
      expect(res.status, `guess ${i}`).toBe(401)
      expect(await res.json()).toEqual(tokenError(TWOFA_INVALID))
    }
    const { shop, seen } = recordingShop()
    const locked = await tokenRequest({ email, password: 'password123', twofa_code: await currentCode() }, { env: { ORIGIN: shop } })
    expect(locked.status).toBe(429)
    expect(locked.headers.get('Retry-After')).toMatch(/^[0-9]+$/)
    expect(await locked.json()).toEqual(tokenError(ANSWERS.tooMany))
    expect(seen).toHaveLength(0)
  })

  it('a parallel burst of 14 wrong codes: at most 10 are answered 401, the rest 429, and then the right code is refused too', async () => {
    const { email } = await createShopCustomer('twofa-burst', DEMO_TOTP_SECRET)
    const wrong = await wrongCode()
    const answers = await Promise.all(Array.from({ length: 14 }, () => tokenRequest({ email, password: 'password123', twofa_code: wrong })))
    const statuses = answers.map((res) => res.status)
    await Promise.all(answers.map((res) => res.body?.cancel()))
    expect(statuses.every((status) => status === 401 || status === 429)).toBe(true)
    expect(statuses.filter((status) => status === 401).length).toBeLessThanOrEqual(10)
    expect((await tokenRequest({ email, password: 'password123', twofa_code: await currentCode() })).status).toBe(429)
  })

  it('wrong codes and wrong passwords count together, and a missing code between them resets nothing', async () => {
    const { email } = await createShopCustomer('twofa-mixed', DEMO_TOTP_SECRET)
    const wrong = await wrongCode()
    for (let i = 0; i < 5; i++) expect((await tokenRequest({ email, password: 'password123', twofa_code: wrong })).status).toBe(401)
    expect((await tokenRequest({ email, password: 'password123' })).status).toBe(401)
    for (let i = 0; i < 5; i++) expect((await tokenRequest({ email, password: 'not-the-password', twofa_code: wrong })).status).toBe(401)
    expect((await tokenRequest({ email, password: 'password123', twofa_code: await currentCode() })).status).toBe(429)
  })
})
