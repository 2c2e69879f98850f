import routesTsv from '../../policy/routes.tsv'
import { compileRouteTable } from './compile-route-table'
import { parseRouteTable } from './parse-route-table'
import type { RouteMatcher } from './types'

let compiled: RouteMatcher | undefined

/**
 * The default policy — `policy/routes.tsv`, bundled as a Text module — parsed and compiled on
 * first use and kept for the life of the isolate. A bad table throws RouteTableError (a
 * ConfigError) on every call, so it fails loudly instead of allowing anything.
 */
export function routeMatcher(): RouteMatcher {
  return (compiled ??= compileRouteTable(parseRouteTable(routesTsv)))
}

/** The bundled table's text, for tests and operator tooling. */
export const defaultRouteTable: string = routesTsv
