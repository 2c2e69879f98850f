// The route policy: canonical paths, the compiled route table, and the pure authorize decision.
export { API_PREFIX, apiRelativePath } from './api-path'
export { authorize, holdsPermission } from './authorize'
export { canonicalizePath } from './canonicalize-path'
export { compileRouteTable } from './compile-route-table'
export { parseRouteTable } from './parse-route-table'
export { routeMatcher, SHOP_API_LINES, type ShopApiLine } from './route-matcher'
export type { MatchedRoute, ResolvedRoute } from './types'
