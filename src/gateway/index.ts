// The gateway: route policy at the edge, then the proxy.
export { gateway } from './gateway'
export { resolveRoute, type ResolvedRoute } from './resolve-route'
