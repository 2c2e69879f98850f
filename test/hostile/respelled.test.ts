// A token travels under one spelling only: the respelled tokens of verifier-tokens.ts decode to the
// very bytes of a token the gateway accepts, and are refused (test/auth-verify.test.ts runs the
// table; here, the proof that each is the same token and that the original still works). A
// respelled payload also changes the signed text, so its signature fails too; a respelled
// signature is the spelling only the canonical check refuses.
import { decodeProtectedHeader } from 'jose'
import { describe, expect, it } from 'vitest'
import { ANSWERS } from '../helpers/answers'
import { call } from '../helpers/http'
import { bearer, customerClaims, mint } from '../helpers/tokens'
import { respelled, tokenWithUnusedPayloadBits } from './verifier-tokens'

const bytesOf = (part: string) => [...atob(part.replaceAll('-', '+').replaceAll('_', '/'))].map((c) => c.charCodeAt(0))
const refresh = (token: string) => call('/auth/refresh', { method: 'POST', headers: bearer(token) })

describe('one spelling per token', () => {
  it.each([
    { name: 'signature', token: () => mint(customerClaims()), part: 2 },
    { name: 'payload', token: tokenWithUnusedPayloadBits, part: 1 },
  ])('refuses the $name spelled with unused bits set, accepts it spelled right', async ({ token, part }) => {
    const original = await token()
    const other = respelled(original, part)
    expect(other).not.toBe(original)
    expect(bytesOf(other.split('.')[part]!)).toEqual(bytesOf(original.split('.')[part]!))
    expect(decodeProtectedHeader(other)).toEqual(decodeProtectedHeader(original))

    const refused = await refresh(other)
    expect(refused.status).toBe(401)
    expect(await refused.json()).toEqual(ANSWERS.invalidToken)
    expect((await refresh(original)).status).toBe(200)
  })
})
