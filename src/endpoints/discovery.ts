import { Hono } from 'hono'
import { type Config, AUTHORIZATION_SERVER_PATH, MCP_RESOURCE_METADATA_PATH, PROTECTED_RESOURCE_PATH } from '../config'
import type { GatehouseEnv } from '../context'
import { fail, oncePer } from '../core'
import { passToShop } from '../gateway'
import {
  authorizationServerMetadata,
  mcpResourceMetadata,
  protectedResourceMetadata,
  withShopAuthorizationServer,
  withShopFields,
  shopResourceMetadata,
} from '../oauth'

// The server document depends on Config alone: built once per isolate. The resource document adds
// the shop's own fields, kept for a while (src/oauth/shop-resource.ts).
const serverDocument = oncePer((config: Config) => JSON.stringify(authorizationServerMetadata(config)))
const mcpResourceDocument = oncePer((config: Config) => JSON.stringify(mcpResourceMetadata(config)))

const json = (body: string) => new Response(body, { headers: { 'Content-Type': 'application/json' } })

/**
 * The discovery documents at the root of the shop's host (outside `/api/rest/v2`):
 * RFC 8414 `/.well-known/oauth-authorization-server` and RFC 9728
 * `/.well-known/oauth-protected-resource` (which keeps the fields of the shop's own document, where
 * the shop publishes one, instead of shadowing them). GET (and HEAD) only. With SHOP_OAUTH_SERVER=on the
 * RFC 8414 document is the shop's own, passed through (one document per issuer, and MCP clients
 * need the shop's authorization code flow), and `/api/mcp` gets its own RFC 9728 document
 * (docs/oauth.md, "The shop's OAuth server").
 *
 * @example
 * app.route('/', discovery)
 */
export const discovery = new Hono<GatehouseEnv>()

discovery.get(AUTHORIZATION_SERVER_PATH, (c) => {
  const { config } = c.get('ctx')
  return config.doors.shopOAuthServer ? passToShop(c, AUTHORIZATION_SERVER_PATH) : json(serverDocument(config))
})
discovery.get(PROTECTED_RESOURCE_PATH, async (c) => {
  const ctx = c.get('ctx')
  const shop = await shopResourceMetadata(ctx, new URL(c.req.url))
  return json(JSON.stringify(withShopAuthorizationServer(withShopFields(protectedResourceMetadata(ctx.config), shop), ctx.config)))
})
discovery.get(MCP_RESOURCE_METADATA_PATH, (c) => {
  const { config } = c.get('ctx')
  return config.doors.shopOAuthServer ? json(mcpResourceDocument(config)) : fail('route_not_found', { detail: 'SHOP_OAUTH_SERVER is off' })
})
for (const path of [AUTHORIZATION_SERVER_PATH, PROTECTED_RESOURCE_PATH, MCP_RESOURCE_METADATA_PATH]) {
  discovery.all(path, () => fail('method_not_allowed', { headers: { Allow: 'GET, HEAD' } }))
}
