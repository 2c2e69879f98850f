// The gateway worker itself, run by Miniflare in this Node process on the same local D1/KV files
// the sync wrote. Its origin refuses every login with the shop's own 401 and fails every other
// request: a login that succeeds here was answered from the edge copy alone.
import { join } from 'node:path'
import { Miniflare, convertV4MiniflareOptions } from 'miniflare'
import { wranglerBundle } from './wrangler-bundle'

export interface Gateway {
  fetch(path: string, init?: RequestInit): Promise<Response>
  dispose(): Promise<void>
}

const DEAD_SHOP = `export default {
  async fetch(request) {
    if (new URL(request.url).pathname !== '/api/rest/v2/auth/token') throw new Error('the shop was asked')
    const body = await request.json().catch(() => ({}))
    const error = body.grant_type === 'client_credentials' || body.grant_type === 'api_user' ? 'invalid_client' : 'invalid_credentials'
    const message = error === 'invalid_client' ? 'Invalid client credentials' : 'Invalid email or password'
    return Response.json({ error, message, code: 401 }, { status: 401 })
  },
}`

// Built by wrangler itself: the same bundle a deploy uploads.
const gatewayBundle = () => wranglerBundle('wrangler.toml', 'index.js')

export async function startGateway(persistTo: string): Promise<Gateway> {
  const mf = new Miniflare(
    convertV4MiniflareOptions({
      resourcePersistencePath: join(persistTo, 'v3'),
      workers: [
        {
          name: 'gatehouse',
          modulesRoot: (await gatewayBundle()).dir,
          modules: (await gatewayBundle()).modules,
          compatibilityDate: '2026-11-01',
          compatibilityFlags: ['nodejs_compat'],
          d1Databases: { DB: '00000000-0000-0000-0000-000000000000' },
          kvNamespaces: { REVOKED: '00000000000000000000000000000000' },
          ratelimits: {
            RATE_LIMIT_IP: { namespace_id: '1001', simple: { limit: 1000, period: 60 } },
            RATE_LIMIT_IDENTITY: { namespace_id: '1002', simple: { limit: 1000, period: 60 } },
          },
          bindings: {
            JWT_SECRET: 'local-demo-secret-do-not-use-in-production-0123456789',
            JWT_ISSUER: 'http://shop.localhost/',
            JWT_AUDIENCE: 'maho-api',
            TOKEN_TTL: '3600',
            ORIGIN_TIMEOUT_MS: '5000',
            CORS_ORIGINS: 'http://shop.localhost',
          },
          serviceBindings: { ORIGIN: 'dead-shop' },
        },
        { name: 'dead-shop', modules: true, script: DEAD_SHOP },
      ],
    }),
  )
  await mf.ready
  return {
    fetch: (path, init) => mf.dispatchFetch(`http://gatehouse.test${path}`, init as never) as unknown as Promise<Response>,
    dispose: () => mf.dispose(),
  }
}

let ip = 0
/** POST /auth/token with a fresh client IP, so rate limits of one case never touch another. */
export function login(gateway: Gateway, body: Record<string, string>): Promise<Response> {
  ip++
  return gateway.fetch('/api/rest/v2/auth/token', {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'cf-connecting-ip': `198.51.100.${ip % 250}` },
    body: JSON.stringify(body),
  })
}
