import { env } from 'cloudflare:workers'
import { describe, expect, it } from 'vitest'
import { createCustomer, uniqueEmail } from './helpers/accounts'
import { fetchWith } from './helpers/faults'
import { authPost } from './hostile/case'
import { ANSWERS, oauthError } from './helpers/answers'

// The per-minute limits (5 per identity, 10 per IP) would answer 429 long before the 10th failure;
// they are tested elsewhere, so here they are replaced by limiters that always allow.
const allow = { limit: async () => ({ success: true }) } as unknown as RateLimit
const unlimited = { RATE_LIMIT_IP: allow, RATE_LIMIT_IDENTITY: allow }

interface Answer {
  status: number
  body: unknown
  retryAfter: string | null
}

async function attempt(body: Record<string, unknown>): Promise<Answer> {
  const res = await fetchWith(unlimited, authPost('token', { body }))
  return { status: res.status, body: await res.json(), retryAfter: res.headers.get('Retry-After') }
}

/** Eleven wrong attempts at a real and at an unknown name, interleaved so both see the same clock. */
async function elevenEach(real: Record<string, unknown>, unknown: Record<string, unknown>) {
  const answers = { real: [] as Answer[], unknown: [] as Answer[] }
  for (let i = 0; i < 11; i++) {
    answers.real.push(await attempt(real))
    answers.unknown.push(await attempt(unknown))
  }
  return answers
}

// Retry-After counts down in whole seconds from the 900 s lock set by the 10th attempt, a few
// seconds earlier on a loaded machine (every attempt also asks the demo shop).
function withoutClock(answers: Answer[]) {
  return answers.map((a) => ({ ...a, retryAfter: a.retryAfter === null ? null : Number(a.retryAfter) > 900 - 60 && Number(a.retryAfter) <= 900 }))
}

// Every wrong attempt is also asked of the demo shop (its own bcrypt check): generous timeouts.
describe('unknown names lock exactly like real accounts', { timeout: 60_000 }, () => {
  it('a real customer email and an unknown one answer identically through 11 wrong attempts', async () => {
    const { email } = await createCustomer()
    const { real, unknown } = await elevenEach({ email, password: 'wrong' }, { email: uniqueEmail('ghost'), password: 'wrong' })
    const expected = [
      ...Array(10).fill({ status: 401, body: oauthError(ANSWERS.invalidCredentials), retryAfter: null }),
      { status: 429, body: oauthError(ANSWERS.tooMany), retryAfter: true },
    ]
    expect(withoutClock(real)).toEqual(expected)
    expect(withoutClock(unknown)).toEqual(expected)
  })

  it('a real service username and an unknown one answer identically through 11 wrong attempts', async () => {
    await env.DB.prepare(`insert into service_accounts (id, username, api_key_hash, confirmed_at) values (70, 'bot70', 'x', unixepoch())`).run()
    const { real, unknown } = await elevenEach(
      { grant_type: 'api_user', username: 'bot70', api_key: 'wrong' },
      { grant_type: 'api_user', username: `ghost-${crypto.randomUUID()}`, api_key: 'wrong' },
    )
    const expected = [
      ...Array(10).fill({ status: 401, body: oauthError(ANSWERS.invalidClient), retryAfter: null }),
      { status: 429, body: oauthError(ANSWERS.tooMany), retryAfter: true },
    ]
    expect(withoutClock(real)).toEqual(expected)
    expect(withoutClock(unknown)).toEqual(expected)
  })

  it('counts an unknown email in any case as one name, and stores only its hash', async () => {
    const email = uniqueEmail('ghostcase')
    for (let i = 0; i < 10; i++) expect((await attempt({ email: i % 2 ? email.toUpperCase() : email, password: 'x' })).status).toBe(401)
    expect(await attempt({ email: email.toUpperCase(), password: 'password123' })).toMatchObject({ status: 429, body: oauthError(ANSWERS.tooMany) })
    const { results } = await env.DB.prepare('select * from login_failures').all<Record<string, unknown>>()
    expect(results.length).toBeGreaterThan(0)
    for (const row of results) expect(row.identity_hash).toMatch(/^[0-9a-f]{64}$/)
    expect(JSON.stringify(results)).not.toContain(email.split('@')[0])
  })

  it('keeps unknown names apart: locking one leaves another untouched', async () => {
    const first = uniqueEmail('ghost-a')
    for (let i = 0; i < 10; i++) await attempt({ email: first, password: 'x' })
    expect((await attempt({ email: first, password: 'x' })).status).toBe(429)
    expect(await attempt({ email: uniqueEmail('ghost-b'), password: 'x' })).toEqual({
      status: 401,
      body: oauthError(ANSWERS.invalidCredentials),
      retryAfter: null,
    })
  })

  it('honours a configured policy for unknown names too', async () => {
    const policy = { ...unlimited, LOCKOUT_MAX_FAILURES: '2', LOCKOUT_SECONDS: '60' }
    const body = { email: uniqueEmail('ghost-policy'), password: 'x' }
    const send = async () => (await fetchWith(policy, authPost('token', { body }))).status
    expect([await send(), await send(), await send()]).toEqual([401, 401, 429])
  })
})
