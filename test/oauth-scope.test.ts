// RFC 6749 §3.3 scope on the service grants, in both dialects: a token narrowed to a subset of the
// account's permissions, enforced at the edge, still accepted by the shop, kept by refresh,
// reported by introspection; invalid_scope for anything else.
import { env } from 'cloudflare:workers'
import { describe, expect, it } from 'vitest'
import { ANSWERS, oauthError } from './helpers/answers'
import { call, postJson } from './helpers/http'
import { basic, CLIENT_SECRET, createClient, postForm } from './helpers/oauth'
import { bearer, verifyIssued } from './helpers/tokens'

const INVALID_SCOPE = { error: 'invalid_scope', message: "The requested scope is invalid or exceeds the account's permissions", code: 400 }
const API_KEY = 'demo-catalog-key'

interface ServiceAnswer {
  token: string
  access_token: string
  permissions: string[]
  scope?: string
  apiUser: { id: number; username: string }
}

/** A client of this test's own that can also log in as an api user (username + the seed's catalog api key). */
async function createAccount(permissions: string[]) {
  const client = await createClient(permissions)
  const keyHash = (await env.DB.prepare('select api_key_hash from service_accounts where id = 2').first<string>('api_key_hash'))!
  const { username } = (await env.DB.prepare('select username from service_accounts where id = ?').bind(client.id).first<{ username: string }>())!
  await env.DB.prepare('update service_accounts set api_key_hash = ? where id = ?').bind(keyHash, client.id).run()
  return { ...client, username }
}

const clientCredentialsJson = (clientId: string, scope?: unknown) =>
  postJson('/auth/token', { grant_type: 'client_credentials', client_id: clientId, client_secret: CLIENT_SECRET, ...(scope === undefined ? {} : { scope }) })
const clientCredentialsForm = (clientId: string, scope?: string) =>
  postForm('/auth/token', { grant_type: 'client_credentials', ...(scope === undefined ? {} : { scope }) }, { Authorization: basic(clientId, CLIENT_SECRET) })
const apiUserJson = (username: string, scope?: unknown) =>
  postJson('/auth/token', { grant_type: 'api_user', username, api_key: API_KEY, ...(scope === undefined ? {} : { scope }) })
const apiUserForm = (username: string, scope?: string) =>
  postForm('/auth/token', { grant_type: 'api_user', username, api_key: API_KEY, ...(scope === undefined ? {} : { scope }) })

const DIALECTS = [
  { name: 'client_credentials as JSON', ask: (a: { clientId: string; username: string }, scope?: string) => clientCredentialsJson(a.clientId, scope) },
  {
    name: 'client_credentials as a form with HTTP Basic',
    ask: (a: { clientId: string; username: string }, scope?: string) => clientCredentialsForm(a.clientId, scope),
  },
  { name: 'api_user as JSON', ask: (a: { clientId: string; username: string }, scope?: string) => apiUserJson(a.username, scope) },
  { name: 'api_user as a form', ask: (a: { clientId: string; username: string }, scope?: string) => apiUserForm(a.username, scope) },
]

describe('scope on the service grants', () => {
  for (const { name, ask } of DIALECTS) {
    it(`${name}: narrows the token to the scope, names it in the answer, and the edge enforces it`, async () => {
      const account = await createAccount(['products/all', 'categories/all'])
      const res = await ask(account, 'products/read categories/write')
      expect(res.status).toBe(200)
      const body = await res.json<ServiceAnswer>()
      expect(body).toMatchObject({ scope: 'products/read categories/write', permissions: ['products/read', 'categories/write'], apiUser: { id: account.id } })
      const claims = (await verifyIssued(body.token)).payload
      expect(claims.permissions).toEqual(['products/read', 'categories/write'])
      expect(claims.scope).toBe('products/read categories/write')
      // products/write is the account's, not the token's.
      const refused = await call('/products/1', { method: 'PUT', headers: { ...bearer(body.token), 'Content-Type': 'application/json' }, body: '{}' })
      expect(refused.status).toBe(403)
      expect(await refused.json()).toEqual(ANSWERS.forbidden)
    })
  }

  it("without scope keeps today's answer: every permission, no scope field", async () => {
    const account = await createAccount(['products/all', 'categories/all'])
    const body = await (await clientCredentialsJson(account.clientId)).json<ServiceAnswer>()
    expect(body.permissions).toEqual(['products/all', 'categories/all'])
    expect(body).not.toHaveProperty('scope')
    expect((await verifyIssued(body.token)).payload.scope).toBeUndefined()
  })

  it('a narrowed token is still accepted by the shop on a route its scope covers', async () => {
    const account = await createAccount(['products/all'])
    const { token } = await (await clientCredentialsJson(account.clientId, 'products/write')).json<ServiceAnswer>()
    const res = await call('/products/1', { method: 'PUT', headers: { ...bearer(token), 'Content-Type': 'application/json' }, body: '{}' })
    expect(res.status).toBe(200)
    expect(await res.json()).toMatchObject({ demo: true, method: 'PUT' })
  })

  it('resource/all and all are granted only where the account holds them', async () => {
    const admin = await createAccount(['all'])
    expect((await (await clientCredentialsJson(admin.clientId, 'all')).json<ServiceAnswer>()).permissions).toEqual(['all'])
    expect((await (await clientCredentialsJson(admin.clientId, 'orders/all')).json<ServiceAnswer>()).permissions).toEqual(['orders/all'])
    const reader = await createAccount(['products/read'])
    for (const scope of ['products/all', 'all']) {
      const res = await clientCredentialsJson(reader.clientId, scope)
      expect(res.status).toBe(400)
      expect(await res.json()).toEqual(oauthError(INVALID_SCOPE))
    }
  })

  it('a refresh at /auth/refresh keeps the scope', async () => {
    const account = await createAccount(['products/all', 'categories/all'])
    const { token } = await (await clientCredentialsJson(account.clientId, 'products/read')).json<ServiceAnswer>()
    const res = await call('/auth/refresh', { method: 'POST', headers: bearer(token) })
    expect(res.status).toBe(200)
    const refreshed = await res.json<ServiceAnswer>()
    expect(refreshed).toMatchObject({ permissions: ['products/read'], scope: 'products/read' })
    expect((await verifyIssued(refreshed.token)).payload.permissions).toEqual(['products/read'])
  })

  it('a refresh drops a scoped permission the account lost, and refuses when none is left', async () => {
    const account = await createAccount(['products/all', 'categories/all'])
    const { token } = await (await clientCredentialsJson(account.clientId, 'products/read categories/read')).json<ServiceAnswer>()
    await env.DB.prepare(`update service_accounts set permissions = '["products/all"]' where id = ?`).bind(account.id).run()
    const refreshed = await (await call('/auth/refresh', { method: 'POST', headers: bearer(token) })).json<ServiceAnswer>()
    expect(refreshed.permissions).toEqual(['products/read'])
    await env.DB.prepare(`update service_accounts set permissions = '["orders/read"]' where id = ?`).bind(account.id).run()
    const res = await call('/auth/refresh', { method: 'POST', headers: bearer(refreshed.token) })
    expect(res.status).toBe(401)
    expect(await res.json()).toEqual(ANSWERS.invalidToken)
  })

  it('introspection reports the narrowed scope', async () => {
    const introspector = await createClient(['tokens/read'])
    const account = await createAccount(['products/all', 'categories/all'])
    const { token } = await (await clientCredentialsJson(account.clientId, 'categories/read')).json<ServiceAnswer>()
    const res = await postForm('/auth/introspect', { token }, { Authorization: basic(introspector.clientId, CLIENT_SECRET) })
    expect(await res.json()).toMatchObject({ active: true, permissions: ['categories/read'], scope: 'categories/read' })
  })

  it('a customer login ignores scope, as the shop does', async () => {
    const res = await postJson('/auth/token', { email: 'customer@example.com', password: 'password123', scope: 'all' })
    expect(res.status).toBe(200)
    expect(await res.json()).not.toHaveProperty('scope')
  })
})

describe('hostile scope values', () => {
  const cases: { name: string; scope: unknown }[] = [
    { name: 'a permission the account lacks', scope: 'orders/read' },
    { name: 'one held and one lacking', scope: 'products/read orders/read' },
    { name: 'empty', scope: '' },
    { name: 'repeated', scope: 'products/read products/read' },
    { name: '10 kB', scope: 'products/read '.repeat(800).trim() },
    { name: 'not resource/verb', scope: 'products' },
    { name: 'an unknown verb', scope: 'products/update' },
    { name: 'two spaces', scope: 'products/read  categories/read' },
    { name: 'a comma list', scope: 'products/read,categories/read' },
    { name: 'a JSON array', scope: ['products/read'] },
    { name: 'a number', scope: 1 },
    { name: 'null', scope: null },
  ]
  for (const { name, scope } of cases) {
    it(`${name} is 400 invalid_scope and issues nothing`, async () => {
      const account = await createAccount(['products/all', 'categories/all'])
      const res = await clientCredentialsJson(account.clientId, scope)
      expect(res.status).toBe(400)
      const text = await res.text()
      expect(JSON.parse(text)).toEqual(oauthError(INVALID_SCOPE))
      expect(text).not.toContain('eyJ')
    })
  }

  it('an empty scope in a form counts as none (RFC 6749 §3.1: an empty parameter is omitted)', async () => {
    const account = await createAccount(['products/all'])
    const res = await clientCredentialsForm(account.clientId, '')
    expect(res.status).toBe(200)
    expect(await res.json()).not.toHaveProperty('scope')
  })

  it('a repeated scope parameter in a form is 400 invalid_request, as any repeated parameter', async () => {
    const account = await createAccount(['products/all'])
    const res = await postForm('/auth/token', 'grant_type=client_credentials&scope=products/read&scope=products/read', {
      Authorization: basic(account.clientId, CLIENT_SECRET),
    })
    expect(res.status).toBe(400)
    expect(await res.json()).toEqual(oauthError(ANSWERS.repeatedParameter))
  })

  it('a scope with wrong credentials is the usual 401, telling nothing about the scope', async () => {
    const res = await postJson('/auth/token', { grant_type: 'client_credentials', client_id: `maho_${'0'.repeat(31)}9`, client_secret: 'wrong', scope: 'all' })
    expect(res.status).toBe(401)
    expect(await res.json()).toEqual(oauthError(ANSWERS.invalidClient))
  })
})
