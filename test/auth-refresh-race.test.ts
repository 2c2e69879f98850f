import { env } from 'cloudflare:workers'
import { describe, expect, it } from 'vitest'
import { call } from './helpers/http'
import { bearer, customerClaims, mint, serviceClaims } from './helpers/tokens'
import { ANSWERS } from './helpers/answers'

const refresh = (token: string) => call('/auth/refresh', { method: 'POST', headers: bearer(token) })

describe('a token can be refreshed once, even when refreshes race', () => {
  for (const [kind, claims] of [
    ['customer', customerClaims()],
    ['service', serviceClaims()],
  ] as const) {
    it(`lets exactly one of five concurrent refreshes of one ${kind} token win`, async () => {
      const token = await mint(claims)
      const answers = await Promise.all(Array.from({ length: 5 }, () => refresh(token)))
      const statuses = answers.map((res) => res.status).sort()
      expect(statuses).toEqual([200, 401, 401, 401, 401])
      for (const res of answers.filter((r) => r.status === 401)) {
        expect(res.headers.get('WWW-Authenticate')).toContain('error="invalid_token"')
        expect(await res.json()).toEqual(ANSWERS.invalidToken)
      }
      const winner = answers.find((res) => res.status === 200)!
      const { token: fresh } = await winner.json<{ token: string }>()
      expect((await refresh(fresh)).status).toBe(200)
    })
  }

  it('prunes the claims of expired tokens when it records a new one', async () => {
    await env.DB.prepare('INSERT INTO refreshed_tokens (jti, expires_at) VALUES (?, ?)').bind('0'.repeat(32), 1).run()
    expect((await refresh(await mint(customerClaims()))).status).toBe(200)
    const stale = await env.DB.prepare('SELECT count(*) AS n FROM refreshed_tokens WHERE expires_at < ?')
      .bind(Math.floor(Date.now() / 1000))
      .first<{ n: number }>()
    expect(stale?.n).toBe(0)
  })
})
