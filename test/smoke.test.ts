import { exports, env } from 'cloudflare:workers'
import { describe, expect, it } from 'vitest'

describe('foundation', () => {
  it('answers an unknown path with the shop-style 404 body', async () => {
    const res = await exports.default.fetch('http://gatehouse.test/nowhere')
    expect(res.status).toBe(404)
    expect(await res.json()).toEqual({ error: 'not_found', message: 'Not found', code: 404 })
  })
  it('has the demo seed in D1', async () => {
    const row = await env.DB.prepare('select count(*) as n from customers').first<{ n: number }>()
    expect(row?.n).toBe(5)
  })
})

describe('demo origin binding', () => {
  it('is reachable as ORIGIN and echoes what it received', async () => {
    const res = await env.ORIGIN!.fetch('http://origin.test/api/rest/v2/products?x=1', { headers: { 'X-Probe': 'yes' } })
    const body = await res.json<{ demo: boolean; path: string; receivedHeaders: Record<string, string> }>()
    expect(body.demo).toBe(true)
    expect(body.path).toBe('/api/rest/v2/products?x=1')
    expect(body.receivedHeaders['x-probe']).toBe('yes')
  })
})
