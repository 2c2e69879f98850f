import type { Context } from 'hono'
import { authenticate, limitDoorByIp } from '../auth'
import { limitBodyTo, type Principal, oncePer, fail, GatehouseError } from '../core'
import { type Config, MCP_RESOURCE_METADATA_PATH, resourceOf } from '../config'
import type { GatehouseEnv } from '../context'
import { forwardToOrigin } from '../proxy'
import { authorizationOf } from '../sessions'
import { doorCredential } from './door-credential'
import { refuseMethodOverride } from './method-override'
import { refuseQueryCredentials } from './query-credentials'

/** The shop's two other APIs that take its tokens (its Kernel.php: firewall `api_graphql` and McpBundle's `/api/mcp`). */
export type Door = 'graphql' | 'mcp'

export const GRAPHQL_PATH = '/api/graphql'
export const MCP_PATH = '/api/mcp'

const PATHS: Record<Door, string> = { graphql: GRAPHQL_PATH, mcp: MCP_PATH }
// MCP's Streamable HTTP transport: POST a message, GET the event stream, DELETE ends the session.
const MCP_METHODS: ReadonlySet<string> = new Set(['GET', 'POST', 'DELETE'])

const limitBody = oncePer((config: Config) => limitBodyTo(config.doors.maxBodyBytes))

/**
 * `/api/graphql` and `/api/mcp`: the same edge as REST, without the route table (the operation is
 * in the body; the shop decides per field and per tool): methods, no `_method` or token in the
 * query, the door's per-IP limit, the credential (docs/operations.md, "The shop's doors"), the
 * body cap, then the proxy's header hygiene. Never cached at the edge; an authenticated answer
 * goes out `no-store`, whatever the shop said.
 *
 * @example
 * app.all('/api/graphql', door('graphql'))
 */
export function door(name: Door) {
  return async function doorHandler(c: Context<GatehouseEnv>): Promise<Response> {
    const ctx = c.get('ctx')
    const { config } = ctx
    const request = c.req.raw
    const url = new URL(request.url)
    c.set('route', PATHS[name])
    refuseMethod(name, request.method, config)
    refuseMethodOverride(url.searchParams)
    refuseQueryCredentials(url.searchParams)
    await limitDoorByIp(name === 'graphql' ? c.env.RATE_LIMIT_GRAPHQL : c.env.RATE_LIMIT_MCP, name, ctx.clientIp)
    const authorization = authorizationOf(c)
    const principal = await credentialCheck(name, authorization, c)
    await limitBody(config)(c, async () => {})
    const response = await forwardToOrigin({
      // bodyLimit may have replaced the request with one holding the bytes it counted.
      request: c.req.raw,
      url,
      canonicalPath: PATHS[name],
      principal,
      authorization,
      requestId: ctx.requestId,
      env: ctx.env,
      config,
    })
    c.set('proxied', true)
    // RFC 9111 §5.2.2.5: nothing answered to a credential may be kept by any cache on the way back.
    if (authorization !== undefined) response.headers.set('Cache-Control', 'no-store')
    response.headers.set('X-Request-Id', ctx.requestId)
    return response
  }
}

function refuseMethod(name: Door, method: string, config: Config): void {
  if (name === 'mcp') {
    if (!MCP_METHODS.has(method)) fail('method_not_allowed', { headers: { Allow: 'GET, POST, DELETE' } })
    return
  }
  if (method === 'POST') return
  // GET carries the whole operation in the URL (logs, caches, browser history): only for shops
  // that serve persisted queries, and only when the operator says so.
  if ((method === 'GET' || method === 'HEAD') && config.doors.graphqlGet) return
  fail('method_not_allowed', { headers: { Allow: config.doors.graphqlGet ? 'GET, HEAD, POST' : 'POST' }, detail: `${method} on /api/graphql` })
}

// A foreign Bearer passes untouched on /api/mcp while the shop's OAuth server is on (the shop
// verifies it); everything else is the REST check. A refusal on /api/mcp then names the MCP
// resource's metadata, which names the shop's server (RFC 9728 §5.1).
async function credentialCheck(name: Door, authorization: string | undefined, c: Context<GatehouseEnv>): Promise<Principal | undefined> {
  const { config } = c.get('ctx')
  const shopOAuth = name === 'mcp' && config.doors.shopOAuthServer
  if (shopOAuth && doorCredential(authorization) === 'foreign') return undefined
  try {
    return await authenticate(authorization, c.get('ctx'))
  } catch (err) {
    if (!shopOAuth || !(err instanceof GatehouseError) || err.reason !== 'invalid_token') throw err
    const metadata = `${resourceOf(config)}${MCP_RESOURCE_METADATA_PATH}`
    throw new GatehouseError(err.reason, {
      ...(err.detail === undefined ? {} : { detail: err.detail }),
      ...(err.event === undefined ? {} : { event: err.event }),
      headers: { ...err.headers, 'WWW-Authenticate': `Bearer realm="maho-api", error="invalid_token", resource_metadata="${metadata}"` },
    })
  }
}
