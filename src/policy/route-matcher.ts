import line267 from '../../policy/routes-26.7.tsv'
import main from '../../policy/routes.tsv'
import { compileRouteTable } from './compile-route-table'
import { parseRouteTable } from './parse-route-table'
import type { RouteMatcher } from './types'

/** The shop's release lines gatehouse ships a route table for (`SHOP_API_LINE`). */
export const SHOP_API_LINES = ['main', '26.7'] as const
export type ShopApiLine = (typeof SHOP_API_LINES)[number]

// Both imported from the shop's source by `npm run policy:import` (docs/policy.md).
const TABLES: Record<ShopApiLine, string> = { main, '26.7': line267 }

const compiled = new Map<ShopApiLine, { matcher: RouteMatcher } | { error: unknown }>()

/**
 * The policy of a shop line — `policy/routes.tsv` (main) or `policy/routes-26.7.tsv`, bundled as
 * Text modules — parsed and compiled on first use and kept for the life of the isolate. A bad
 * table throws the same RouteTableError (a ConfigError) on every call, so the gateway fails loudly
 * instead of allowing anything.
 *
 * @example
 * const match = routeMatcher(config.policy.shopApiLine).match('GET', '/products/12')
 */
export function routeMatcher(line: ShopApiLine = 'main'): RouteMatcher {
  let entry = compiled.get(line)
  if (entry === undefined) {
    entry = build(TABLES[line])
    compiled.set(line, entry)
  }
  if ('error' in entry) throw entry.error
  return entry.matcher
}

function build(text: string): { matcher: RouteMatcher } | { error: unknown } {
  try {
    return { matcher: compileRouteTable(parseRouteTable(text)) }
  } catch (error) {
    return { error }
  }
}

/** The bundled table's text (main line), for tests and operator tooling. */
export const defaultRouteTable: string = main

/** The bundled table of a line, as text. */
export function routeTableText(line: ShopApiLine): string {
  return TABLES[line]
}
