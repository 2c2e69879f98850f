import { fail, Lru } from '../core'
import { apiRelativePath, canonicalizePath, routeMatcher, type ResolvedRoute, type ShopApiLine } from '../policy'

// The token endpoints are gatehouse's own (src/auth). A request that reaches the gateway with one
// of their canonical paths slipped past the auth routes' mount; it is never handed to the shop.
const SERVED_AT_THE_EDGE = '/auth/'

/**
 * Canonicalises the request path and matches it against the route table, or refuses:
 * 400 `invalid_path` for an ambiguous path, 404 for a path not in the table (default deny),
 * 405 with `Allow` for a known path with another method. `line` picks the shop's route table.
 */
export function resolveRoute(method: string, rawPathname: string, line: ShopApiLine): ResolvedRoute {
  // A client asks for the same few paths again and again: each allowed resolution is kept per
  // isolate (the route tables are bundled, so it never goes stale). Refusals are thrown, never kept.
  const key = `${line} ${method} ${rawPathname}`
  const known = resolved.get(key, 0)
  if (known) return known
  const route = resolve(method, rawPathname, line)
  resolved.set(key, route, 0)
  return route
}

// Bounded: a flood of distinct paths keeps memory flat (and costs only what resolving them costs).
const resolved = new Lru<ResolvedRoute>({ maxEntries: 2_000 })

function resolve(method: string, rawPathname: string, line: ShopApiLine): ResolvedRoute {
  const canonical = canonicalizePath(rawPathname)
  if (!canonical.ok) fail('invalid_path', { detail: canonical.reason, event: { event: 'path_refused', problem: canonical.reason } })
  const relative = apiRelativePath(canonical.value)
  if (relative === null) fail('route_not_found', { detail: `outside the API: ${canonical.value}` })
  const match = routeMatcher(line).match(method, relative)
  switch (match.kind) {
    case 'not_found':
      return fail('route_not_found', { detail: `no rule for ${method} ${relative}` })
    case 'method_not_allowed':
      return fail('method_not_allowed', { detail: `${method} ${relative}`, headers: { Allow: match.allow.join(', ') } })
    case 'matched':
      if (match.rule.template.startsWith(SERVED_AT_THE_EDGE)) fail('route_not_found', { detail: `edge-only route ${relative}` })
      return { kind: 'matched', rule: match.rule, params: match.params, canonicalPath: canonical.value }
  }
}
