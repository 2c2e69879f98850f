import { createExecutionContext, waitOnExecutionContext } from 'cloudflare:test'
import { env } from 'cloudflare:workers'
import { describe, expect, it } from 'vitest'
import type { Env } from '../../src/core/env'
import worker from '../../src/index'
import { API, call } from '../helpers/http'
import { bearer, customerClaims, mint, serviceClaims } from '../helpers/tokens'
import { unreachableOrigin } from '../helpers/faults'

interface Echo {
  demo: boolean
  path: string
  receivedHeaders: Record<string, string>
  data?: unknown
}

describe('what the origin receives', () => {
  it('sees only the gateway identity, whatever spelling of X-Gatehouse-* the client sent', async () => {
    const res = await call('/customers/me', {
      headers: [
        ['Authorization', `Bearer ${await mint(customerClaims(1))}`],
        ['X-Gatehouse-Subject', 'api_user_1'],
        ['x_gatehouse_subject', 'api_user_1'],
        ['X-GATEHOUSE-TYPE', 'api_user'],
        ['X_Gatehouse_Permissions', 'all'],
        ['x-gatehouse-customer_id', '2'],
      ],
    })
    expect(res.status).toBe(200)
    const body = await res.json<Echo>()
    const identity = Object.entries(body.receivedHeaders).filter(([name]) => /^x[-_]gatehouse/.test(name))
    expect(Object.fromEntries(identity)).toEqual({
      'x-gatehouse-subject': 'customer_1',
      'x-gatehouse-type': 'customer',
      'x-gatehouse-customer-id': '1',
    })
    expect(body.data).toEqual({ id: 1, email: 'customer@example.com', firstName: 'Jane', lastName: 'Doe' })
  })

  it('sees no identity headers at all on an anonymous request that tried to send some', async () => {
    const res = await call('/products?case=identity-headers', { headers: { 'X-Gatehouse-Subject': 'api_user_1', 'X-Gatehouse-Permissions': 'all' } })
    const body = await res.json<Echo>()
    expect(Object.keys(body.receivedHeaders).filter((name) => /gatehouse/.test(name))).toEqual([])
  })

  it('sees X-Forwarded-For / X-Real-IP from CF-Connecting-IP, never the client-sent ones', async () => {
    const res = await call('/products?case=forwarded-for', {
      headers: { 'CF-Connecting-IP': '203.0.113.5', 'X-Forwarded-For': '6.6.6.6', 'X-Real-IP': '6.6.6.6', Forwarded: 'for=6.6.6.6' },
    })
    const { receivedHeaders } = await res.json<Echo>()
    expect(receivedHeaders['x-forwarded-for']).toBe('203.0.113.5')
    expect(receivedHeaders['x-real-ip']).toBe('203.0.113.5')
    expect(receivedHeaders['x-forwarded-proto']).toBe('http')
    expect(receivedHeaders['x-forwarded-host']).toBe('gatehouse.test')
    expect(receivedHeaders).not.toHaveProperty('forwarded')
  })

  it('gets the Authorization header unchanged and no method override', async () => {
    const token = await mint(serviceClaims(2, 'catalog', ['products/all']))
    const res = await call('/products', { headers: { ...bearer(token), 'X-HTTP-Method-Override': 'DELETE' } })
    const { receivedHeaders } = await res.json<Echo>()
    expect(receivedHeaders.authorization).toBe(`Bearer ${token}`)
    expect(receivedHeaders).not.toHaveProperty('x-http-method-override')
  })
})

describe('origin failures', () => {
  // A catalogue path no other test asked for: nothing kept in the edge cache stands in for the shop.
  async function viaGateway(overrides: Partial<Env>, path = `/products?case=${crypto.randomUUID()}`): Promise<Response> {
    const ctx = createExecutionContext()
    const request = new Request(`${API}${path}`, { headers: { 'CF-Connecting-IP': '203.0.113.6' } })
    const res = await worker.fetch(request, { ...env, ...overrides }, ctx)
    await waitOnExecutionContext(ctx)
    return res
  }

  it('answers 502 bad_gateway when the origin cannot be reached', async () => {
    const res = await viaGateway({ ORIGIN: unreachableOrigin })
    expect(res.status).toBe(502)
    expect(await res.json()).toEqual({ error: 'bad_gateway', message: 'The shop could not be reached', code: 502 })
  })

  it('answers 504 gateway_timeout when the origin is slower than ORIGIN_TIMEOUT_MS', async () => {
    // The demo origin sleeps on /__demo/slow; clients cannot reach it, so the fault is injected here.
    const slowOrigin = { fetch: (req: Request) => env.ORIGIN!.fetch(new Request('http://origin.test/__demo/slow?ms=5000', req)) }
    const res = await viaGateway({ ORIGIN: slowOrigin as unknown as Fetcher, ORIGIN_TIMEOUT_MS: '50' })
    expect(res.status).toBe(504)
    expect(await res.json()).toEqual({ error: 'gateway_timeout', message: 'The shop did not answer in time', code: 504 })
  })

  it('passes an origin error answer through as the origin wrote it', async () => {
    const failingOrigin = { fetch: (req: Request) => env.ORIGIN!.fetch(new Request('http://origin.test/__demo/status/500', req)) }
    const res = await viaGateway({ ORIGIN: failingOrigin as unknown as Fetcher })
    expect(res.status).toBe(500)
    expect(await res.json()).toEqual({ demo: true, status: 500 })
  })
})
