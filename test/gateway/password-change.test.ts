import { createExecutionContext, waitOnExecutionContext } from 'cloudflare:test'
import { env } from 'cloudflare:workers'
import { describe, expect, it } from 'vitest'
import { clearRevocationCache } from '../../src/auth/revocation'
import worker from '../../src/index'
import { createCustomer } from '../helpers/accounts'
import { API, call, freshIp, postJson } from '../helpers/http'
import { newProbe, originHits, PROBE_HEADER, STATUS_HEADER } from '../helpers/origin'
import { bearer, customerClaims, mint, serviceClaims } from '../helpers/tokens'
import { ANSWERS } from '../helpers/answers'

const CHANGE = { currentPassword: 'password123', newPassword: 'a-new-password-456' }

/** A fresh customer with two tokens (A then B) minted now, as two devices would hold them. */
async function customerWithTwoTokens() {
  const { id, email } = await createCustomer()
  const a = customerClaims(id, email)
  const b = customerClaims(id, email)
  return { id, a: { jti: a.jti as string, token: await mint(a) }, b: { jti: b.jti as string, token: await mint(b) } }
}

function changePassword(token: string, headers: Record<string, string> = {}) {
  return postJson('/customers/me/password', CHANGE, { headers: { ...bearer(token), ...headers } })
}

async function status(path: string, token: string): Promise<{ status: number; body: unknown }> {
  const res = await call(path, { method: path === '/auth/refresh' ? 'POST' : 'GET', headers: bearer(token) })
  return { status: res.status, body: await res.json() }
}

describe('a password change through the gateway', () => {
  it('answered 2xx by the shop: refuses the other tokens at the gateway and at refresh, keeps the changing one', async () => {
    const customer = await customerWithTwoTokens()
    const other = await createCustomer()
    const otherToken = await mint(customerClaims(other.id, other.email))

    const res = await changePassword(customer.a.token)
    expect(res.status).toBe(200)
    expect(await res.json()).toMatchObject({ demo: true, method: 'POST', path: '/api/rest/v2/customers/me/password' })
    // Stored before the answer came back (no waitUntil): the stamp is in KV now.
    expect(await env.REVOKED.get(`nbf:customer_${customer.id}`)).toMatch(new RegExp(`^\\d+ ${customer.a.jti}$`))

    expect(await status('/customers/me', customer.b.token)).toEqual({ status: 401, body: ANSWERS.invalidToken })
    expect(await status('/products', customer.b.token)).toEqual({ status: 401, body: ANSWERS.invalidToken })
    expect(await status('/auth/refresh', customer.b.token)).toEqual({ status: 401, body: ANSWERS.invalidToken })
    expect(await status('/customers/me', customer.a.token)).toMatchObject({ status: 200, body: { demo: true } })
    expect(await status('/customers/me', otherToken)).toMatchObject({ status: 200, body: { demo: true } })
  })

  it('also refuses the other tokens in a fresh isolate cache (the KV stamp alone decides)', async () => {
    const customer = await customerWithTwoTokens()
    expect((await changePassword(customer.a.token)).status).toBe(200)
    clearRevocationCache()
    expect(await status('/customers/me', customer.b.token)).toEqual({ status: 401, body: ANSWERS.invalidToken })
    expect(await status('/customers/me', customer.a.token)).toMatchObject({ status: 200 })
  })

  for (const code of ['400', '403', '422', '500', '503']) {
    it(`answered ${code} by the shop: revokes nothing and passes the shop's answer through`, async () => {
      const customer = await customerWithTwoTokens()
      const res = await changePassword(customer.a.token, { [STATUS_HEADER]: code })
      expect(res.status).toBe(Number(code))
      expect(await res.json()).toEqual({ demo: true, status: Number(code) })
      expect(await env.REVOKED.get(`nbf:customer_${customer.id}`)).toBeNull()
      expect(await status('/customers/me', customer.b.token)).toMatchObject({ status: 200 })
      expect(await status('/customers/me', customer.a.token)).toMatchObject({ status: 200 })
    })
  }

  it('refused at the edge (no token): never reaches the shop and revokes nothing', async () => {
    const probe = newProbe()
    const res = await postJson('/customers/me/password', CHANGE, { headers: { [PROBE_HEADER]: probe } })
    expect(res.status).toBe(401)
    expect(await originHits(probe)).toBe(0)
  })

  it('a service token on the same route revokes no customer (it has no customer to speak for)', async () => {
    const customer = await customerWithTwoTokens()
    const res = await changePassword(await mint(serviceClaims(1, 'admin', ['all'])))
    expect(res.status).toBe(200)
    expect(await env.REVOKED.get('nbf:api_user_1')).toBeNull()
    expect(await status('/customers/me', customer.b.token)).toMatchObject({ status: 200 })
  })

  it('answers 503 when KV cannot store the revocation, so the client never believes the other sessions ended', async () => {
    const customer = await customerWithTwoTokens()
    const failingWrites = new Proxy(env.REVOKED, {
      get(target, name) {
        if (name === 'put') return () => Promise.reject(new Error('KV write failed'))
        const value = Reflect.get(target, name)
        return typeof value === 'function' ? value.bind(target) : value
      },
    })
    const ctx = createExecutionContext()
    const request = new Request(`${API}/customers/me/password`, {
      method: 'POST',
      headers: { ...bearer(customer.a.token), 'Content-Type': 'application/json', 'CF-Connecting-IP': freshIp() },
      body: JSON.stringify(CHANGE),
    })
    const res = await worker.fetch(request, { ...env, REVOKED: failingWrites }, ctx)
    await waitOnExecutionContext(ctx)
    expect(res.status).toBe(503)
    expect(await res.json()).toEqual(ANSWERS.unavailable)
  })
})
