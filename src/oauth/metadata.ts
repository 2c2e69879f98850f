import { type Config, AUTH_PATH, issuerOf, resourceOf } from '../config'

// Every client authentication the token, revocation and introspection endpoints accept.
const CLIENT_AUTH_METHODS = ['client_secret_basic', 'client_secret_post']

/**
 * RFC 8414 authorization server metadata. `issuer` is exactly the `iss` of the tokens gatehouse signs (RFC 8414 §3.3:
 * identical to the identifier the client discovered from); endpoints are absolute URLs under it.
 * Pure.
 */
export function authorizationServerMetadata(config: Config) {
  const endpoint = (name: string) => `${resourceOf(config)}${AUTH_PATH}/${name}`
  return {
    issuer: issuerOf(config),
    token_endpoint: endpoint('token'),
    token_endpoint_auth_methods_supported: CLIENT_AUTH_METHODS,
    // Registered grant type names only (RFC 6749 §4.5): the shop's `customer` and `api_user` are
    // the same grants under the shop's own names and stay out of the standard list.
    grant_types_supported: ['client_credentials', 'password', 'refresh_token'],
    // REQUIRED by RFC 8414 §2; there is no authorization endpoint, so no response type.
    response_types_supported: [],
    revocation_endpoint: endpoint('revoke'),
    revocation_endpoint_auth_methods_supported: CLIENT_AUTH_METHODS,
    introspection_endpoint: endpoint('introspect'),
    introspection_endpoint_auth_methods_supported: CLIENT_AUTH_METHODS,
  }
}

/** RFC 9728 protected resource metadata, agreeing with what the shop's newer line publishes. Pure. */
export function protectedResourceMetadata(config: Config) {
  return {
    resource: resourceOf(config),
    authorization_servers: [issuerOf(config)],
    // RFC 6750 §2.1 only: the gateway refuses tokens in the query string and never reads a form body.
    bearer_methods_supported: ['header'],
  }
}

/**
 * The shop's own OAuth 2.1 server (SHOP_OAUTH_SERVER=on): its issuer is the shop's root without a
 * slash, and it signs tokens for `<root>/api/mcp` (the shop's Discovery::getAuthorizationServerMetadata
 * and Helper getDefaultResource, on its `oauth-authorization-server` line). Pure.
 */
export function shopAuthorizationServer(config: Config): string {
  return resourceOf(config)
}

/**
 * The protected resource document with the shop's OAuth server named beside gatehouse when it is
 * on (RFC 9728 §2: `authorization_servers` may list several), so an MCP client that follows the
 * shop's own challenge finds a server that can run its browser login. Pure.
 */
export function withShopAuthorizationServer<T extends { authorization_servers: string[] }>(document: T, config: Config): T {
  if (!config.doors.shopOAuthServer) return document
  const servers = [...new Set([...document.authorization_servers, shopAuthorizationServer(config)])]
  return { ...document, authorization_servers: servers }
}

/**
 * RFC 9728 metadata of `<root>/api/mcp` (SHOP_OAUTH_SERVER=on): the shop's server alone, scope
 * `mcp` as the shop publishes it. A refused MCP request names this document. Pure.
 */
export function mcpResourceMetadata(config: Config) {
  return {
    resource: `${resourceOf(config)}/api/mcp`,
    authorization_servers: [shopAuthorizationServer(config)],
    bearer_methods_supported: ['header'],
    scopes_supported: ['mcp'],
  }
}

/**
 * The protected resource document gatehouse answers where the shop publishes its own: the shop's
 * fields kept (`resource`, `resource_name`, `resource_documentation`, ...), gatehouse's issuer
 * added first to `authorization_servers` (beside any server the shop names), and
 * `bearer_methods_supported` as the edge enforces it (header only). Without the shop's document,
 * gatehouse's own. Pure.
 */
export function withShopFields(own: ReturnType<typeof protectedResourceMetadata>, shop: Record<string, unknown> | null) {
  if (!shop) return own
  const shopServers = Array.isArray(shop.authorization_servers) ? shop.authorization_servers.filter((s): s is string => typeof s === 'string') : []
  return {
    ...shop,
    resource: typeof shop.resource === 'string' ? shop.resource : own.resource,
    authorization_servers: [...new Set([...own.authorization_servers, ...shopServers])],
    bearer_methods_supported: own.bearer_methods_supported,
  }
}
