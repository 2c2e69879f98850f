// The demo shop's test hooks (X-Demo-*) are local: the gateway passes a client's X-Demo-* header
// only where DEMO_HOOKS=on (wrangler.toml's local [vars]) and the origin is the ORIGIN service
// binding (the demo shop); anywhere else every spelling is dropped (src/proxy/request-headers.test.ts
// covers an ORIGIN_URL origin).
import { describe, expect, it } from 'vitest'
import { callWith } from '../helpers/gateway-env'

const SPELLINGS = ['X-Demo-Status', 'x-demo-status', 'X_DEMO_STATUS', 'x_Demo-status']

async function echoOf(res: Response): Promise<Record<string, string>> {
  return (await res.json<{ receivedHeaders: Record<string, string> }>()).receivedHeaders
}

describe('X-Demo-* headers', () => {
  for (const spelling of SPELLINGS) {
    it(`${spelling}: dropped when DEMO_HOOKS is unset`, async () => {
      const res = await callWith({ DEMO_HOOKS: undefined }, '/customers/forgot-password', {
        method: 'POST',
        headers: { [spelling]: '503', 'Content-Type': 'application/json' },
        body: '{"email":"a@example.com"}',
      })
      expect(res.status).toBe(200)
      const received = await echoOf(res)
      expect(Object.keys(received).filter((name) => /demo/i.test(name))).toEqual([])
    })
  }

  it('dropped with DEMO_HOOKS=off, passed with DEMO_HOOKS=on, to the shop bound as ORIGIN', async () => {
    const seen: Request[] = []
    const shop = {
      fetch: async (request: Request) => {
        seen.push(request)
        return Response.json({ demo: true })
      },
    } as unknown as Fetcher
    expect((await callWith({ DEMO_HOOKS: 'off', ORIGIN: shop }, '/customers/me', { headers: { 'X-Demo-Status': '503' } })).status).toBe(401)
    expect((await callWith({ DEMO_HOOKS: 'off', ORIGIN: shop }, '/products', { headers: { 'X-Demo-Status': '503' } })).status).toBe(200)
    expect((await callWith({ DEMO_HOOKS: 'on', ORIGIN: shop }, '/products', { headers: { 'X-Demo-Status': '503' } })).status).toBe(200)
    expect(seen.map((request) => request.headers.get('x-demo-status'))).toEqual([null, '503'])
  })

  it('passed to the demo shop where DEMO_HOOKS=on (the local config)', async () => {
    const res = await callWith({}, '/customers/forgot-password', {
      method: 'POST',
      headers: { 'X-Demo-Status': '503', 'Content-Type': 'application/json' },
      body: '{"email":"a@example.com"}',
    })
    expect(res.status).toBe(503)
  })

  const CONFIG_ROWS = [{ name: 'DEMO_HOOKS neither on nor off', env: { DEMO_HOOKS: 'yes' } }]
  for (const row of CONFIG_ROWS) {
    it(`${row.name}: a config error at the first request, nothing forwarded`, async () => {
      const res = await callWith(row.env, '/products')
      expect(res.status).toBe(500)
      expect(await res.json()).toEqual({ error: 'internal_server_error', message: 'Gateway misconfigured', code: 500 })
    })
  }
})
