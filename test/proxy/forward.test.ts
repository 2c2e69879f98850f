import { env } from 'cloudflare:workers'
import { describe, expect, it } from 'vitest'
import { readConfig, type Config } from '../../src/config/config'
import type { Env } from '../../src/core/env'
import { errorBody, GatehouseError } from '../../src/core/errors'
import { forwardToOrigin } from '../../src/proxy/forward'
import { originTarget } from '../../src/proxy/origin-target'
import { unreachableOrigin } from '../helpers/faults'
import { newProbe, originHits, PROBE_HEADER } from '../helpers/origin'
import { customer } from '../helpers/principals'
import { customerClaims, mint, serviceClaims } from '../helpers/tokens'

const customerOne = customer(1)

interface Echo {
  demo: boolean
  method: string
  path: string
  receivedHeaders: Record<string, string>
  receivedBody?: string
  data?: unknown
}

const config = readConfig(env)

function forward(path: string, init: RequestInit = {}, options: { canonicalPath?: string; env?: Env; config?: Config } = {}) {
  const request = new Request(`http://gatehouse.test${path}`, init)
  return forwardToOrigin({
    request,
    canonicalPath: options.canonicalPath ?? new URL(request.url).pathname,
    principal: undefined,
    env: options.env ?? env,
    config: options.config ?? config,
  })
}

async function failureOf(promise: Promise<unknown>): Promise<GatehouseError> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  )
  expect(err).toBeInstanceOf(GatehouseError)
  return err as GatehouseError
}

describe('forwardToOrigin through the ORIGIN service binding (the demo origin)', () => {
  it('forwards method, canonical path and query, and returns the origin answer', async () => {
    const res = await forward('/api/rest/v2/products/1?store=de&x=1')
    expect(res.status).toBe(200)
    const body = await res.json<Echo>()
    expect(body).toMatchObject({ demo: true, method: 'GET', path: '/api/rest/v2/products/1?store=de&x=1' })
    expect(body.data).toEqual({ id: 1, sku: 'tee-blue', name: 'Blue T-Shirt', price: 19.9, categoryIds: [2] })
  })

  it('reaches the origin exactly once per forwarded request (the hit counter other tests rely on)', async () => {
    const probe = newProbe()
    expect(await originHits(probe)).toBe(0)
    await (await forward('/api/rest/v2/products', { headers: { [PROBE_HEADER]: probe } })).text()
    expect(await originHits(probe)).toBe(1)
  })

  it('sends the canonical path, not the raw one the client wrote', async () => {
    const res = await forward('/api/rest/v2//products/?q=1', {}, { canonicalPath: '/api/rest/v2/products' })
    expect((await res.json<Echo>()).path).toBe('/api/rest/v2/products?q=1')
  })

  it('streams a request body through with its method', async () => {
    const payload = JSON.stringify({ name: 'Green Tee', sku: 'tee-green' })
    // An admin route: the shop checks the (forwarded) Bearer before it takes the body.
    const admin = `Bearer ${await mint(serviceClaims(1, 'admin', ['all']))}`
    const res = await forward('/api/rest/v2/products', { method: 'PUT', body: payload, headers: { 'Content-Type': 'application/json', Authorization: admin } })
    const body = await res.json<Echo>()
    expect(body.method).toBe('PUT')
    expect(body.receivedBody).toBe(payload)
    expect(body.receivedHeaders['content-type']).toBe('application/json')
  })

  it('sets the forwarding and identity headers the origin sees, and forwards Authorization unchanged', async () => {
    const authorization = `Bearer ${await mint(customerClaims(1))}`
    const request = new Request('https://gatehouse.test/api/rest/v2/customers/me', {
      headers: {
        Authorization: authorization,
        'CF-Connecting-IP': '203.0.113.9',
        'X-Forwarded-For': '6.6.6.6',
        x_gatehouse_customer_id: '2',
      },
    })
    const res = await forwardToOrigin({ request, canonicalPath: '/api/rest/v2/customers/me', principal: customerOne, env, config })
    const body = await res.json<Echo>()
    expect(body.receivedHeaders).toMatchObject({
      authorization,
      'x-forwarded-for': '203.0.113.9',
      'x-real-ip': '203.0.113.9',
      'x-forwarded-proto': 'https',
      'x-forwarded-host': 'gatehouse.test',
      'x-gatehouse-subject': 'customer_1',
      'x-gatehouse-type': 'customer',
      'x-gatehouse-customer-id': '1',
    })
    expect(body.receivedHeaders).not.toHaveProperty('x_gatehouse_customer_id')
    expect(body.data).toEqual({ id: 1, email: 'customer@example.com', firstName: 'Jane', lastName: 'Doe' })
  })

  it('passes an origin error status and body through unchanged (not rewritten as a gateway error)', async () => {
    const res = await forward('/__demo/status/503')
    expect(res.status).toBe(503)
    expect(await res.json()).toEqual({ demo: true, status: 503 })
  })

  it('drops hop-by-hop headers and the headers named in Connection from the origin answer', async () => {
    const res = await forward('/__demo/hop-by-hop')
    expect(res.status).toBe(200)
    expect(res.headers.get('x-origin-header')).toBe('passes')
    for (const name of ['connection', 'x-hop-secret', 'keep-alive', 'proxy-authenticate']) expect(res.headers.has(name)).toBe(false)
    expect(await res.json()).toEqual({ demo: true })
  })
})

describe('forwardToOrigin failures', () => {
  it('answers origin_timeout (504) when the origin is slower than ORIGIN_TIMEOUT_MS', async () => {
    const quick = { ...config, origin: { ...config.origin, timeoutMs: 50 } }
    const err = await failureOf(forward('/__demo/slow?ms=5000', {}, { config: quick }))
    expect(err.reason).toBe('origin_timeout')
    expect(errorBody(err.reason)).toEqual({ error: 'gateway_timeout', message: 'The shop did not answer in time', code: 504 })
  })

  it('answers origin_unreachable (502) when the origin cannot be reached, without the upstream error text', async () => {
    const down = { ...env, ORIGIN: unreachableOrigin } as Env
    const err = await failureOf(forward('/api/rest/v2/products', {}, { env: down, config: readConfig(down) }))
    expect(err.reason).toBe('origin_unreachable')
    expect(errorBody(err.reason)).toEqual({ error: 'bad_gateway', message: 'The shop could not be reached', code: 502 })
  })

  it('refuses to guess an origin when neither ORIGIN nor ORIGIN_URL is configured', async () => {
    const none = { ...env, ORIGIN: undefined, ORIGIN_URL: undefined } as Env
    await expect(forward('/api/rest/v2/products', {}, { env: none, config: readConfig(none) })).rejects.toThrow(/ORIGIN_URL/)
  })
})

describe('originTarget', () => {
  const direct = { ...env, ORIGIN: undefined, ORIGIN_URL: 'https://origin.example/shop/' } as Env
  const requestUrl = new URL('https://gateway.example/api/rest/v2/products?page=2')

  it('keeps the ORIGIN_URL path prefix and the client query', () => {
    const { url } = originTarget(direct, readConfig(direct), '/api/rest/v2/products', requestUrl)
    expect(url.href).toBe('https://origin.example/shop/api/rest/v2/products?page=2')
  })

  it('never lets a path change the origin host', () => {
    const { url } = originTarget(direct, readConfig(direct), '//evil.example/x', requestUrl)
    expect(url.host).toBe('origin.example')
  })

  it('prefers the ORIGIN service binding over ORIGIN_URL', () => {
    const both = { ...env, ORIGIN_URL: 'https://origin.example' } as Env
    const target = originTarget(both, readConfig(both), '/api/rest/v2/products', requestUrl)
    expect(target.fetcher).toBe(env.ORIGIN)
    expect(target.url.href).toBe('https://gateway.example/api/rest/v2/products?page=2')
  })
})
