// The OpenAPI document is kept true by checking real answers of every documented operation against it.
import { describe, expect, it } from 'vitest'
import { createCustomer } from './helpers/accounts'
import { BASE, call, postJson } from './helpers/http'
import { basic, CLIENT_SECRET, createClient, postForm } from './helpers/oauth'
import { callWith } from './helpers/gateway-env'
import { storeEvent } from './helpers/events'
import { expectDocumented } from './helpers/openapi'
import { bearer, customerClaims, mint, serviceClaims } from './helpers/tokens'

const AUTH = '/api/rest/v2/auth'

describe('GET /auth/openapi.json', () => {
  it('serves an OpenAPI 3.1 document that lists every endpoint gatehouse answers itself', async () => {
    const res = await call(`${AUTH}/openapi.json`.replace('/api/rest/v2', ''))
    const body = (await expectDocumented('get', `${AUTH}/openapi.json`, res)) as { openapi: string; paths: Record<string, unknown> }
    expect(body.openapi).toBe('3.1.0')
    expect(Object.keys(body.paths).sort()).toEqual([
      '/.well-known/oauth-authorization-server',
      '/.well-known/oauth-protected-resource',
      `${AUTH}/events`,
      `${AUTH}/events/summary`,
      `${AUTH}/health`,
      `${AUTH}/introspect`,
      `${AUTH}/logout`,
      `${AUTH}/openapi.json`,
      `${AUTH}/refresh`,
      `${AUTH}/revoke`,
      `${AUTH}/sessions`,
      `${AUTH}/sessions/{id}`,
      `${AUTH}/token`,
    ])
  })
})

describe('the checker itself', () => {
  const answer = (status: number, body: unknown) => Response.json(body, { status })
  const CASES = [
    { name: 'an undocumented status', path: `${AUTH}/health`, res: () => answer(418, {}) },
    {
      name: 'a referenced schema broken (checks.kv)',
      path: `${AUTH}/health`,
      res: () => answer(200, { status: 'ok', checks: { d1: 'ok', kv: 'fine', origin: 'ok' } }),
    },
    { name: 'a required field missing through a response $ref', path: `${AUTH}/refresh`, res: () => answer(401, { error: 'unauthorized', message: 'x' }) },
  ]
  it.each(CASES)('refuses $name', async ({ path, res }) => {
    const method = path.endsWith('health') ? 'get' : 'post'
    await expect(expectDocumented(method, path, res())).rejects.toThrow()
  })
})

describe('real answers match the document', () => {
  it('the event trail: a page with events, an empty last page, and each refusal', async () => {
    const { email } = await createCustomer()
    // callWith waits for the answer's background work: the events are stored when it returns.
    const login = (password: string) =>
      callWith({}, '/auth/token', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ email, password }) })
    await login('wrong-password-1')
    await login('password123')
    const reader = bearer(await mint(serviceClaims(40, 'ops', ['events/read'])))
    const page = await call('/auth/events?limit=1', { headers: reader })
    const body = (await expectDocumented('get', `${AUTH}/events`, page)) as { events: unknown[]; next: string | null }
    expect(body.events).toHaveLength(1)
    await expectDocumented('get', `${AUTH}/events`, await call('/auth/events?subject=customer_999999', { headers: reader }))
    await expectDocumented('get', `${AUTH}/events`, await call('/auth/events?limit=0', { headers: reader }))
    await expectDocumented('get', `${AUTH}/events`, await call('/auth/events'))
    await expectDocumented('get', `${AUTH}/events`, await call('/auth/events', { headers: bearer(await mint(customerClaims(1))) }))
  })

  it('the event summary: refusal counts and the edge copy, and each refusal', async () => {
    const SUMMARY = `${AUTH}/events/summary`
    const reader = bearer(await mint(serviceClaims(40, 'ops', ['events/read'])))
    // Refusals to count (written by the summary's own flush before it reads), and a sync run.
    await callWith({}, '/customers/me')
    await callWith({}, '/no-such-route')
    await storeEvent({ at: Math.floor(Date.now() / 1000) - 60, kind: 'sync_run', detail: { mode: 'full', customers: 3, serviceAccounts: 1, failed: false } })
    const body = (await expectDocumented('get', SUMMARY, await call('/auth/events/summary?since=0', { headers: reader }))) as {
      refusals: { byReason: unknown[] }
      edgeCopy: { lastSync: unknown }
    }
    expect(body.refusals.byReason.length).toBeGreaterThan(0)
    expect(body.edgeCopy.lastSync).not.toBeNull()
    await expectDocumented('get', SUMMARY, await call('/auth/events/summary', { headers: reader }))
    await expectDocumented('get', SUMMARY, await call('/auth/events/summary?since=0'))
    await expectDocumented('get', SUMMARY, await call('/auth/events/summary?since=0', { headers: bearer(await mint(customerClaims(1))) }))
  })

  it('discovery documents', async () => {
    await expectDocumented('get', '/.well-known/oauth-authorization-server', await call(`${BASE}/.well-known/oauth-authorization-server`))
    await expectDocumented('get', '/.well-known/oauth-protected-resource', await call(`${BASE}/.well-known/oauth-protected-resource`))
  })

  it('health', async () => {
    await expectDocumented('get', `${AUTH}/health`, await call('/auth/health'))
  })

  it('logout, and refresh without a token', async () => {
    await expectDocumented('post', `${AUTH}/logout`, await call('/auth/logout', { method: 'POST', headers: bearer(await mint(customerClaims(1))) }))
    await expectDocumented('post', `${AUTH}/refresh`, await call('/auth/refresh', { method: 'POST' }))
  })

  it('token endpoint errors, both dialects', async () => {
    const TOKEN = `${AUTH}/token`
    await expectDocumented('post', TOKEN, await postJson('/auth/token', { grant_type: 'nope' }))
    await expectDocumented('post', TOKEN, await postJson('/auth/token', { email: 'customer@example.com', password: 'wrong' }))
    await expectDocumented('post', TOKEN, await postForm('/auth/token', 'grant_type=password&grant_type=password'))
    await expectDocumented('post', TOKEN, await postForm('/auth/token', 'grant_type=client_credentials', { Authorization: basic('maho_1', 'x') }))
    await expectDocumented('post', TOKEN, await call('/auth/token', { method: 'POST', headers: { 'Content-Type': 'text/plain' }, body: 'x' }))
    await expectDocumented('post', TOKEN, await postForm('/auth/token', `password=${'x'.repeat(17 * 1024)}`))
    await expectDocumented('post', TOKEN, await postForm('/auth/token', { grant_type: 'refresh_token' }))
    await expectDocumented('post', TOKEN, await postForm('/auth/token', { grant_type: 'refresh_token', refresh_token: `ghr_${'A'.repeat(43)}` }))
  })

  it('token, refresh and logout successes, both dialects and every grant', async () => {
    const { email } = await createCustomer()
    const customer = await postForm('/auth/token', { grant_type: 'password', username: email, password: 'password123' })
    const { refresh_token } = (await expectDocumented('post', `${AUTH}/token`, customer)) as { refresh_token: string }
    const rotated = await postForm('/auth/token', { grant_type: 'refresh_token', refresh_token })
    expect(rotated.status).toBe(200)
    const { token } = (await expectDocumented('post', `${AUTH}/token`, rotated)) as { token: string }
    const { clientId } = await createClient()
    await expectDocumented(
      'post',
      `${AUTH}/token`,
      await postForm('/auth/token', 'grant_type=client_credentials', { Authorization: basic(clientId, CLIENT_SECRET) }),
    )
    await expectDocumented('post', `${AUTH}/token`, await postJson('/auth/token', { grant_type: 'api_user', username: 'admin', api_key: 'demo-admin-key' }))
    const refreshed = (await expectDocumented('post', `${AUTH}/refresh`, await call('/auth/refresh', { method: 'POST', headers: bearer(token) }))) as {
      token: string
    }
    await expectDocumented('post', `${AUTH}/logout`, await call('/auth/logout', { method: 'POST', headers: bearer(refreshed.token) }))
  })

  it('sessions: list, end one, end the others, and refusals', async () => {
    const { email } = await createCustomer()
    const { token } = await (await postJson('/auth/token', { email, password: 'password123' }, { headers: { 'User-Agent': 'curl/8.5.0' } })).json<{
      token: string
    }>()
    const other = await (await postJson('/auth/token', { email, password: 'password123' })).json<{ token: string }>()
    const { sessions } = (await expectDocumented('get', `${AUTH}/sessions`, await call('/auth/sessions', { headers: bearer(token) }))) as {
      sessions: { id: string; current: boolean }[]
    }
    expect(sessions).toHaveLength(2)
    const { id } = sessions.find((s) => !s.current)!
    await expectDocumented('get', `${AUTH}/sessions`, await call('/auth/sessions'))
    await expectDocumented('delete', `${AUTH}/sessions/{id}`, await call(`/auth/sessions/${id}`, { method: 'DELETE', headers: bearer(token) }))
    await expectDocumented('delete', `${AUTH}/sessions/{id}`, await call(`/auth/sessions/${id}`, { method: 'DELETE', headers: bearer(token) }))
    await expectDocumented('delete', `${AUTH}/sessions`, await call('/auth/sessions', { method: 'DELETE', headers: bearer(token) }))
    await expectDocumented('delete', `${AUTH}/sessions`, await call('/auth/sessions', { method: 'DELETE', headers: bearer(other.token) }))
  })

  it('a scoped service token and invalid_scope', async () => {
    const { clientId } = await createClient(['products/all'])
    const scoped = await postForm('/auth/token', 'grant_type=client_credentials&scope=products/read', { Authorization: basic(clientId, CLIENT_SECRET) })
    expect(scoped.status).toBe(200)
    await expectDocumented('post', `${AUTH}/token`, scoped)
    await expectDocumented(
      'post',
      `${AUTH}/token`,
      await postForm('/auth/token', 'grant_type=client_credentials&scope=orders/read', { Authorization: basic(clientId, CLIENT_SECRET) }),
    )
  })

  it('revocation and introspection, answers and refusals', async () => {
    const inspector = await createClient(['tokens/read'])
    const auth = { Authorization: basic(inspector.clientId, CLIENT_SECRET) }
    const { email } = await createCustomer()
    const { token } = await (await postJson('/auth/token', { email, password: 'password123' })).json<{ token: string }>()
    await expectDocumented('post', `${AUTH}/introspect`, await postForm('/auth/introspect', { token }, auth))
    await expectDocumented('post', `${AUTH}/introspect`, await postForm('/auth/introspect', { token: 'x' }, auth))
    await expectDocumented('post', `${AUTH}/introspect`, await postForm('/auth/introspect', { token }))
    await expectDocumented('post', `${AUTH}/introspect`, await postForm('/auth/introspect', { token }, bearer(token)))
    await expectDocumented('post', `${AUTH}/revoke`, await postForm('/auth/revoke', { token }, bearer(token)))
    await expectDocumented('post', `${AUTH}/revoke`, await postForm('/auth/revoke', 'token_type_hint=access_token', auth))
    await expectDocumented('post', `${AUTH}/revoke`, await call('/auth/revoke', { method: 'POST', headers: { 'Content-Type': 'text/plain' }, body: 'x' }))
  })
})
