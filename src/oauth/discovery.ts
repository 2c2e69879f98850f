import { Hono } from 'hono'
import type { Config } from '../config'
import type { GatehouseEnv } from '../context'
import { fail } from '../errors'
import { oncePer } from '../once-per'
import {
  AUTHORIZATION_SERVER_PATH,
  authorizationServerMetadata,
  PROTECTED_RESOURCE_PATH,
  protectedResourceMetadata,
  withShopFields,
} from './metadata'
import { shopResourceMetadata } from './shop-resource'

// The server document depends on Config alone: built once per isolate. The resource document adds
// the shop's own fields, kept for a while (src/oauth/shop-resource.ts).
const serverDocument = oncePer((config: Config) => JSON.stringify(authorizationServerMetadata(config)))

const json = (body: string) => new Response(body, { headers: { 'Content-Type': 'application/json' } })

/**
 * The two discovery documents at the root of the shop's host (outside `/api/rest/v2`):
 * RFC 8414 `/.well-known/oauth-authorization-server` and RFC 9728
 * `/.well-known/oauth-protected-resource` (which keeps the fields of the shop's own document, where
 * the shop publishes one, instead of shadowing them). GET (and HEAD) only.
 *
 * @example
 * app.route('/', discovery)
 */
export const discovery = new Hono<GatehouseEnv>()

discovery.get(AUTHORIZATION_SERVER_PATH, (c) => json(serverDocument(c.get('ctx').config)))
discovery.get(PROTECTED_RESOURCE_PATH, async (c) => {
  const ctx = c.get('ctx')
  const shop = await shopResourceMetadata(ctx, new URL(c.req.url))
  return json(JSON.stringify(withShopFields(protectedResourceMetadata(ctx.config), shop)))
})
for (const path of [AUTHORIZATION_SERVER_PATH, PROTECTED_RESOURCE_PATH]) {
  discovery.all(path, () => fail('method_not_allowed', { headers: { Allow: 'GET, HEAD' } }))
}
