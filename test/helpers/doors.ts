// Requests to the shop's other doors (/api/graphql, /api/mcp) through the gateway.
import { BASE, call } from './http'
import { ISSUER, nowSeconds, randomJti } from './tokens'

export type DoorName = 'graphql' | 'mcp'

/** What the demo shop echoes for a request it accepted. */
export interface Echo {
  demo: true
  method: string
  path: string
  receivedHeaders: Record<string, string>
  receivedBody?: string
}

export const DOOR_URL: Record<DoorName, string> = { graphql: `${BASE}/api/graphql`, mcp: `${BASE}/api/mcp` }

/** A body each door's clients send: a GraphQL document, an MCP JSON-RPC message. */
export const DOOR_BODY: Record<DoorName, string> = {
  graphql: JSON.stringify({ query: '{ products(first: 1) { edges { node { sku } } } }' }),
  mcp: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list' }),
}

/** POSTs the door's sample body (JSON), with the given headers, from a fresh client IP unless one is set. */
export function postDoor(door: DoorName, headers: Record<string, string> = {}, body: BodyInit = DOOR_BODY[door]): Promise<Response> {
  return call(DOOR_URL[door], { method: 'POST', headers: { 'Content-Type': 'application/json', ...headers }, body })
}

/** What a token of the shop's own OAuth server for MCP looks like (its JwtService::generateAdminToken, default resource). */
export function mcpServerClaims() {
  const iat = nowSeconds()
  return {
    iss: ISSUER,
    aud: 'http://shop.localhost/api/mcp',
    jti: randomJti(),
    sub: 'admin_1',
    admin_id: 1,
    email: 'admin@example.com',
    type: 'admin',
    roles: ['ROLE_ADMIN'],
    scope: 'mcp',
    iat,
    nbf: iat,
    exp: iat + 3600,
  }
}
