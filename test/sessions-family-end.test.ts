// Families that end, end: every way of minting from a session checks on D1's primary that its
// family is live in the batch that records the new token, and every token minted from a family
// carries its id (`sid`), which the verifier checks against the family's end stamp in KV.
import { env } from 'cloudflare:workers'
import { decodeJwt } from 'jose'
import { describe, expect, it } from 'vitest'
import { clearRevocationCache } from '../src/auth/revocation'
import { createCustomer } from './helpers/accounts'
import { ANSWERS } from './helpers/answers'
import { call } from './helpers/http'
import { postForm } from './helpers/oauth'
import { login, rotate, type TokenAnswer } from './helpers/sessions'
import { bearer } from './helpers/tokens'

const refresh = (token: string) => call('/auth/refresh', { method: 'POST', headers: bearer(token) })
const revoke = (refreshToken: string) => postForm('/auth/revoke', { token: refreshToken, token_type_hint: 'refresh_token' })
const me = async (token: string) => (await call('/customers/me', { headers: bearer(token) })).status

async function familyOf(customerId: number): Promise<string> {
  return (await env.DB.prepare('select id from refresh_families where customer_id = ?').bind(customerId).first<string>('id'))!
}

describe('the sid claim', () => {
  it('a token from /auth/refresh and one from a rotation carry the family id as sid', async () => {
    const { id, email } = await createCustomer()
    const first = await login(email)
    const family = await familyOf(id)
    const refreshed = await (await refresh(first.token)).json<{ token: string }>()
    expect(decodeJwt(refreshed.token).sid).toBe(family)
    const rotated = await (await rotate(first.refreshToken)).json<TokenAnswer>()
    expect(decodeJwt(rotated.token).sid).toBe(family)
    // The gateway and the shop (it reads a fixed list of claims) accept the extra claim.
    expect(await me(refreshed.token)).toBe(200)
    expect(await me(rotated.token)).toBe(200)
  })

  it("the family's end stamp alone refuses its tokens (a location the jti revocations have not reached)", async () => {
    const { id, email } = await createCustomer()
    const first = await login(email)
    const refreshed = await (await refresh(first.token)).json<{ token: string }>()
    const jti = decodeJwt(refreshed.token).jti!
    expect((await revoke(first.refreshToken)).status).toBe(200)
    expect(await env.REVOKED.get(`sid:${await familyOf(id)}`)).toMatch(/^[0-9]+$/)
    await env.REVOKED.delete(`jti:${jti}`)
    clearRevocationCache()
    expect(await me(refreshed.token)).toBe(401)
  })
})

describe('/auth/refresh checks the family on the primary', () => {
  it('a family ended in D1 whose KV revocations never arrived: its access token refreshes no more', async () => {
    const { id, email } = await createCustomer()
    const first = await login(email)
    await env.DB.prepare("update refresh_families set revoked_at = unixepoch(), revoked_reason = 'test' where customer_id = ?").bind(id).run()
    const res = await refresh(first.token)
    expect(res.status).toBe(401)
    expect(await res.json()).toEqual(ANSWERS.invalidToken)
  })
})

describe('revocation racing refresh', () => {
  // RFC 7009 revocation of the family's refresh token, sent with /auth/refresh (access token) and a
  // rotation of the same refresh token, many times: after the ends, no token minted survives.
  it('0 survivors in 24 races', async () => {
    const minted: string[] = []
    for (let race = 0; race < 24; race += 1) {
      const { email } = await createCustomer()
      const first = await login(email)
      const answers = await Promise.all([
        refresh(first.token),
        revoke(first.refreshToken),
        refresh(first.token),
        rotate(first.refreshToken),
        refresh(first.token),
      ])
      expect(answers[1]!.status).toBe(200)
      for (const res of answers) {
        if (res.status === 200) {
          const body = await res.json<{ token?: string }>()
          if (body.token) minted.push(body.token)
        } else await res.body?.cancel()
      }
    }
    const statuses = await Promise.all(minted.map(me))
    expect(statuses.filter((status) => status !== 401)).toEqual([])
    // The isolate's cache is not what refuses them: KV alone does.
    clearRevocationCache()
    const again = await Promise.all(minted.map(me))
    expect(again.filter((status) => status !== 401)).toEqual([])
  })
})
