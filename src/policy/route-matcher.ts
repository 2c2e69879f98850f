import routesTsv from '../../policy/routes.tsv'
import { compileRouteTable } from './compile-route-table'
import { parseRouteTable } from './parse-route-table'
import type { RouteMatcher } from './types'

let compiled: { matcher: RouteMatcher } | { error: unknown } | undefined

/**
 * The default policy — `policy/routes.tsv`, bundled as a Text module — parsed and compiled on
 * first use and kept for the life of the isolate. A bad table throws the same RouteTableError (a
 * ConfigError) on every call, so the gateway fails loudly instead of allowing anything.
 *
 * @example
 * const match = routeMatcher().match('GET', '/products/12')
 */
export function routeMatcher(): RouteMatcher {
  compiled ??= build()
  if ('error' in compiled) throw compiled.error
  return compiled.matcher
}

function build(): { matcher: RouteMatcher } | { error: unknown } {
  try {
    return { matcher: compileRouteTable(parseRouteTable(routesTsv)) }
  } catch (error) {
    return { error }
  }
}

/** The bundled table's text, for tests and operator tooling. */
export const defaultRouteTable: string = routesTsv
