// A token revoked at the edge is also put on the shop's own revocation list (its /auth/logout, in
// the background), so a request that reaches the shop without the edge is refused too. The demo
// shop is asked directly, through its binding, as a misrouted request or an internal caller would.
import { createExecutionContext, waitOnExecutionContext } from 'cloudflare:test'
import { env } from 'cloudflare:workers'
import { afterEach, beforeEach, describe, expect, it, vi, type MockInstance } from 'vitest'
import worker from '../../src/index'
import { DOOR_BODY } from '../helpers/doors'
import { callWith, wrap } from '../helpers/gateway-env'
import { API, freshIp } from '../helpers/http'
import { bearer, customerClaims, mint, serviceClaims } from '../helpers/tokens'

const SHOP = 'http://shop.localhost'

/** The status the demo shop answers `token` with on each of its doors, asked directly. */
async function atShop(token: string): Promise<number[]> {
  const ask = (path: string, init: RequestInit = {}) =>
    env.ORIGIN!.fetch(`${SHOP}${path}`, { ...init, headers: { ...bearer(token), 'Content-Type': 'application/json' } })
  const answers = await Promise.all([
    ask('/api/rest/v2/customers/me'),
    ask('/api/graphql', { method: 'POST', body: DOOR_BODY.graphql }),
    ask('/api/mcp', { method: 'POST', body: DOOR_BODY.mcp }),
  ])
  return Promise.all(
    answers.map(async (res) => {
      await res.body?.cancel()
      return res.status
    }),
  )
}

const logout = (token: string, body?: object) =>
  callWith({}, '/auth/logout', {
    method: 'POST',
    headers: { ...bearer(token), 'Content-Type': 'application/json' },
    ...(body ? { body: JSON.stringify(body) } : {}),
  })

/** The real demo shop, its logout answering `status` for the first `failures` calls (and hanging while `gate` is closed). */
function flakyShop(failures: number, status = 503, gate?: Promise<void>) {
  const calls: string[] = []
  const origin = wrap(env.ORIGIN!, {
    fetch: async (request: Request) => {
      if (request.method === 'POST' && new URL(request.url).pathname === '/api/rest/v2/auth/logout') {
        calls.push(request.headers.get('Authorization') ?? '')
        await gate
        if (calls.length <= failures) return Response.json({ error: 'service_unavailable', message: 'down', code: status }, { status })
      }
      return env.ORIGIN!.fetch(request)
    },
  })
  return { origin: origin as Fetcher, calls }
}

let logs: MockInstance
beforeEach(() => {
  logs = vi.spyOn(console, 'log').mockImplementation(() => {})
})
afterEach(() => logs.mockRestore())
const failures = () =>
  logs.mock.calls
    .map((args) => String(args[0]))
    .filter((line) => line.includes('"shop_logout_failed"'))
    .map((line) => JSON.parse(line) as Record<string, unknown>)

describe("revocations reach the shop's own blacklist", () => {
  it('logout: the shop then refuses the token on REST, GraphQL and MCP', async () => {
    const token = await mint(customerClaims(1))
    expect(await atShop(token)).toEqual([200, 200, 200])
    expect((await logout(token)).status).toBe(200)
    expect(await atShop(token)).toEqual([401, 401, 401])
  })

  it('logout everywhere: the shop refuses the token that asked for it', async () => {
    const token = await mint(customerClaims(2, 'other@example.com'))
    expect((await logout(token, { everywhere: true })).status).toBe(200)
    expect(await atShop(token)).toEqual([401, 401, 401])
  })

  it('RFC 7009 with the token as Bearer', async () => {
    const token = await mint(customerClaims(1))
    const res = await callWith({}, '/auth/revoke', {
      method: 'POST',
      headers: { ...bearer(token), 'Content-Type': 'application/x-www-form-urlencoded' },
      body: `token=${token}`,
    })
    expect(res.status).toBe(200)
    expect(await atShop(token)).toEqual([401, 401, 401])
  })

  it('RFC 7009 by a client authenticated with its secret, for its own token', async () => {
    const token = await mint(serviceClaims(1))
    const body = new URLSearchParams({ token, client_id: 'maho_00000000000000000000000000000001', client_secret: 'demo-admin-secret' })
    const res = await callWith({}, '/auth/revoke', { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: body.toString() })
    expect(res.status).toBe(200)
    expect(await atShop(token)).toEqual([401, 401, 401])
  })

  it('a cookie-mode logout: the shop refuses the access token the cookie held', async () => {
    const token = await mint(customerClaims(1))
    const headers = { Origin: 'http://localhost:8787', 'X-Requested-With': 'fetch', Cookie: `__Host-gh_access=${token}` }
    expect((await callWith({}, '/auth/logout', { method: 'POST', headers })).status).toBe(200)
    expect(await atShop(token)).toEqual([401, 401, 401])
  })

  it('a failed call is logged and retried once', async () => {
    const token = await mint(customerClaims(1))
    const shop = flakyShop(1)
    expect((await callWith({ ORIGIN: shop.origin }, '/auth/logout', { method: 'POST', headers: bearer(token) })).status).toBe(200)
    expect(shop.calls).toEqual([`Bearer ${token}`, `Bearer ${token}`])
    expect(failures()).toEqual([expect.objectContaining({ event: 'shop_logout_failed', attempt: 1, final: false, detail: 'shop answered 503' })])
    expect(await atShop(token)).toEqual([401, 401, 401])
  })

  it('when the shop fails twice the logout still holds at the edge, and both failures are logged', async () => {
    const token = await mint(customerClaims(1))
    const shop = flakyShop(2, 500)
    expect((await callWith({ ORIGIN: shop.origin }, '/auth/logout', { method: 'POST', headers: bearer(token) })).status).toBe(200)
    expect(shop.calls).toHaveLength(2)
    expect(failures().map((line) => [line.attempt, line.final])).toEqual([
      [1, false],
      [2, true],
    ])
    expect(JSON.stringify(failures())).not.toContain(token)
    expect((await callWith({}, 'http://gatehouse.test/api/graphql', { method: 'POST', headers: bearer(token), body: DOOR_BODY.graphql })).status).toBe(401)
  })

  it('a gateway with no origin configured still logs out at the edge, and logs the shop call as failed', async () => {
    const token = await mint(customerClaims(1))
    const res = await callWith({ ORIGIN: undefined, ORIGIN_URL: undefined }, '/auth/logout', { method: 'POST', headers: bearer(token) })
    expect(res.status).toBe(200)
    expect(failures().map((line) => [line.attempt, line.final, String(line.detail).includes('no origin')])).toEqual([
      [1, false, true],
      [2, true, true],
    ])
    expect((await callWith({}, 'http://gatehouse.test/api/mcp', { method: 'POST', headers: bearer(token), body: DOOR_BODY.mcp })).status).toBe(401)
  })

  it('a shop that already refuses the token (401) is not asked again', async () => {
    const token = await mint(customerClaims(1))
    const shop = flakyShop(1, 401)
    expect((await callWith({ ORIGIN: shop.origin }, '/auth/logout', { method: 'POST', headers: bearer(token) })).status).toBe(200)
    expect(shop.calls).toHaveLength(1)
    expect(failures()).toEqual([])
  })

  it('never delays the answer: the logout answers while the shop has not answered yet', async () => {
    const token = await mint(customerClaims(1))
    let open = () => {}
    const gate = new Promise<void>((resolve) => (open = resolve))
    const shop = flakyShop(0, 503, gate)
    const ctx = createExecutionContext()
    const request = new Request(`${API}/auth/logout`, { method: 'POST', headers: { ...bearer(token), 'CF-Connecting-IP': freshIp() } })
    const res = await worker.fetch(request, { ...env, ORIGIN: shop.origin }, ctx)
    expect(res.status).toBe(200)
    expect(await res.json()).toEqual({ success: true, message: 'Successfully logged out' })
    expect(await atShop(token)).toEqual([200, 200, 200])
    open()
    await waitOnExecutionContext(ctx)
    expect(await atShop(token)).toEqual([401, 401, 401])
  })
})
