// The route policy: canonical paths, the compiled route table, and the pure authorize decision.
export { API_PREFIX, apiRelativePath } from './api-path'
export { authorize, holdsPermission, type Decision, type Refusal } from './authorize'
export { canonicalizePath, type CanonicalPath, type PathProblem } from './canonicalize-path'
export { compileRouteTable } from './compile-route-table'
export { parseRouteTable } from './parse-route-table'
export { RouteTableError, type RouteTableIssue } from './route-table-error'
export { defaultRouteTable, routeMatcher, routeTableText, SHOP_API_LINES, type ShopApiLine } from './route-matcher'
export type { Level, MatchedRoute, RouteMatch, RouteMatcher, RouteMethod, RouteRule, TemplateSegment } from './types'
