// The demo shop's own /auth/token for customers with the second factor, as the shop's main line
// answers it: checked only after the right password, `twofa_code` any scalar, trimmed.
import { describe, expect, it } from 'vitest'
import { shopPost } from '../helpers/shop'
import { currentCode, wrongCode } from '../helpers/totp'

const TINA = { email: 'twofa@example.com', password: 'password123' }
const REQUIRED = { error: 'twofa_required', message: 'Two-factor authentication code is required', code: 401 }
const INVALID = { error: 'twofa_invalid', message: 'Two-factor authentication code is invalid', code: 401 }
const WRONG_PASSWORD = { error: 'invalid_credentials', message: 'Invalid email or password', code: 401 }

describe("the demo shop's second factor", () => {
  it.each([
    { name: 'no code', code: undefined, body: REQUIRED },
    { name: 'null', code: null, body: REQUIRED },
    { name: 'blank (trimmed to empty)', code: '   ', body: REQUIRED },
    { name: 'false (PHP: empty string)', code: false, body: REQUIRED },
    { name: 'true (PHP: "1")', code: true, body: INVALID },
    { name: 'an array (not a scalar: no code)', code: ['123456'], body: REQUIRED },
  ])('$name → $body.error', async ({ code, body }) => {
    const res = await shopPost('/auth/token', { ...TINA, twofa_code: code })
    expect(res.status).toBe(401)
    expect(res.headers.get('WWW-Authenticate')).toBe('Bearer')
    expect(await res.json()).toEqual(body)
  })

  it('a wrong code → twofa_invalid; a wrong password with the right code → invalid_credentials', async () => {
    expect(await (await shopPost('/auth/token', { ...TINA, twofa_code: await wrongCode() })).json()).toEqual(INVALID)
    expect(await (await shopPost('/auth/token', { ...TINA, password: 'nope', twofa_code: await currentCode() })).json()).toEqual(WRONG_PASSWORD)
  })

  it('the right code as a string, padded with spaces, or as a number (when it has no leading zero) → a token', async () => {
    const code = await currentCode()
    for (const sent of [code, ` ${code} `, ...(code.startsWith('0') ? [] : [Number(code)])]) {
      const res = await shopPost('/auth/token', { ...TINA, twofa_code: sent })
      expect(res.status).toBe(200)
      expect(await res.json()).toMatchObject({ customer: { id: 6, email: TINA.email } })
    }
  })
})
