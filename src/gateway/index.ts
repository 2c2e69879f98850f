// The gateway: route policy at the edge, then the proxy; the shop's other doors beside it.
export { door, GRAPHQL_PATH, MCP_PATH } from './doors'
export { gateway } from './gateway'
export { permit } from './permit'
export { passToShop, SHOP_OAUTH_PATHS, shopOAuth } from './shop-oauth'
