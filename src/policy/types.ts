/** Who may call a route, as the shop's API reference names it. */
export type Level = 'public' | 'customer' | 'admin'

/** The methods a route table may name. HEAD follows GET; OPTIONS is CORS's, answered before matching. */
export type RouteMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'

/** One segment of a path template: `products`, `{id}`, or a trailing `{path}` spanning segments. */
export type TemplateSegment = { kind: 'static'; value: string } | { kind: 'param'; name: string } | { kind: 'rest'; name: string }

/** One row of the route table, validated. */
export interface RouteRule {
  method: RouteMethod
  /** The path template as written in the table, relative to `/api/rest/v2`. */
  template: string
  segments: readonly TemplateSegment[]
  level: Level
  /** The PERMISSION column as written (`resource/verb`, or alternatives `a/read|a/write`); `null` for `-`. */
  permission: string | null
  /** The permissions of that column, any one of which an API token must hold; empty for `-`. */
  anyPermission: readonly string[]
  /** The parameter holding a customer id that a customer principal must own (`/customers/{id}`). */
  ownerParam: string | null
  /** 1-based line in the table file, for error messages and logs. */
  line: number
  note: string
}

/** What the matcher found for a method and a canonical path. */
export type RouteMatch =
  | { kind: 'matched'; rule: RouteRule; params: Readonly<Record<string, string>> }
  | { kind: 'method_not_allowed'; allow: readonly string[] }
  | { kind: 'not_found' }

export type MatchedRoute = Extract<RouteMatch, { kind: 'matched' }>

/** The contract both matchers (the compiled trie and the naive reference) fulfil. */
export interface RouteMatcher {
  readonly rules: readonly RouteRule[]
  /** `path` is canonical (see `canonicalizePath`) and relative to `/api/rest/v2`, e.g. `/products/12`. */
  match(method: string, path: string): RouteMatch
}

/** A request's place in the route table: the canonical path to forward and the rule it matched. */
export interface ResolvedRoute extends MatchedRoute {
  /** The full canonical path (`/api/rest/v2/...`), matched and forwarded as one string. */
  canonicalPath: string
}
