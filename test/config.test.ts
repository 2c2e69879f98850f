import { createExecutionContext, waitOnExecutionContext } from 'cloudflare:test'
import { env } from 'cloudflare:workers'
import { describe, expect, it, vi } from 'vitest'
import worker from '../src/index'
import { API, freshIp } from './helpers/http'

describe('a misconfigured gateway refuses to issue tokens', () => {
  const CASES = [
    { name: 'no JWT_SECRET', vars: { JWT_SECRET: undefined }, message: 'JWT_SECRET is not set' },
    { name: 'a short JWT_SECRET', vars: { JWT_SECRET: 'short' }, message: 'JWT_SECRET must be at least 32 characters' },
    { name: 'a malformed JWT_ISSUER', vars: { JWT_ISSUER: 'not a url' }, message: 'JWT_ISSUER must be an absolute URL' },
    { name: 'the demo secret off localhost', vars: { JWT_ISSUER: 'https://shop.example.com/' }, message: 'JWT_SECRET is the public demo secret' },
    { name: 'an unknown SHOP_API_LINE', vars: { SHOP_API_LINE: '27.1' }, message: 'SHOP_API_LINE must be one of main, 26.7, got "27.1"' },
  ]
  for (const row of CASES) {
    it(`answers a generic 500, no token, and logs what to fix when there is ${row.name}`, async () => {
      const logged = vi.spyOn(console, 'log')
      const request = new Request(`${API}/auth/token`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'CF-Connecting-IP': freshIp() },
        body: JSON.stringify({ email: 'customer@example.com', password: 'password123' }),
      })
      const ctx = createExecutionContext()
      const res = await worker.fetch(request, { ...env, ...row.vars }, ctx)
      await waitOnExecutionContext(ctx)
      expect(res.status).toBe(500)
      // The token endpoint's errors carry RFC 6749's error_description too.
      expect(await res.json()).toEqual({
        error: 'internal_server_error',
        message: 'Gateway misconfigured',
        code: 500,
        error_description: 'Gateway misconfigured',
      })
      expect(res.headers.get('Cache-Control')).toBe('no-store')
      const lines = logged.mock.calls.map(([line]) => JSON.parse(String(line)) as Record<string, unknown>)
      const configError = lines.find((line) => line.event === 'config_error')
      expect(String(configError?.message)).toContain(row.message)
      logged.mockRestore()
    })
  }
})
