// The gateway: route policy at the edge, then the proxy; the shop's other doors beside it.
export { gateway } from './gateway'
export { door, GRAPHQL_PATH, MCP_PATH } from './doors'
export { SHOP_OAUTH_PATHS, shopOAuth } from './shop-oauth'
export { resolveRoute, type ResolvedRoute } from './resolve-route'
