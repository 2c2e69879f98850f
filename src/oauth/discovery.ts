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
} from './metadata'

// Both documents depend on Config alone: built once per isolate.
const serverDocument = oncePer((config: Config) => JSON.stringify(authorizationServerMetadata(config)))
const resourceDocument = oncePer((config: Config) => JSON.stringify(protectedResourceMetadata(config)))

const json = (body: string) => new Response(body, { headers: { 'Content-Type': 'application/json' } })

/**
 * The two discovery documents at the root of the shop's host (outside `/api/rest/v2`):
 * RFC 8414 `/.well-known/oauth-authorization-server` and RFC 9728
 * `/.well-known/oauth-protected-resource`. GET (and HEAD) only.
 *
 * @example
 * app.route('/', discovery)
 */
export const discovery = new Hono<GatehouseEnv>()

discovery.get(AUTHORIZATION_SERVER_PATH, (c) => json(serverDocument(c.get('ctx').config)))
discovery.get(PROTECTED_RESOURCE_PATH, (c) => json(resourceDocument(c.get('ctx').config)))
for (const path of [AUTHORIZATION_SERVER_PATH, PROTECTED_RESOURCE_PATH]) {
  discovery.all(path, () => fail('method_not_allowed', { headers: { Allow: 'GET, HEAD' } }))
}
