import type { RouteMatch, RouteMatcher, RouteRule } from './types'

interface TrieNode {
  statics: Map<string, TrieNode>
  param: TrieNode | null
  /** Rules whose template ends here, by method. */
  rules: Map<string, RouteRule>
  /** Rules whose trailing `{path}` starts here and spans the rest, by method. */
  rest: Map<string, RouteRule>
}

interface Found {
  rule: RouteRule
  values: string[]
}

// RFC 9110 §9.3.2: HEAD is GET without a body, so it gets GET's rule and GET's policy.
const ALLOW_ORDER = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE']

/**
 * Compiles parsed rules into a segment trie, once. Matching is exact and case-sensitive; at each
 * segment a static child is tried before a `{param}`, and a `{param}` before a trailing `{path}`,
 * backtracking when a branch has no rule for the method. Empty segments (`//`, a trailing `/`)
 * match nothing, so they end in `not_found` rather than in a looser rule.
 *
 * @example
 * const matcher = compileRouteTable(parseRouteTable(tsv))
 * matcher.match('GET', '/customers/me') // { kind: 'matched', rule: GET /customers/me, params: {} }
 */
export function compileRouteTable(rules: readonly RouteRule[]): RouteMatcher {
  const root = newNode()
  for (const rule of rules) insert(root, rule)
  return {
    rules,
    match(method: string, path: string): RouteMatch {
      if (!path.startsWith('/')) return { kind: 'not_found' }
      const segments = path.slice(1).split('/')
      const found = find(root, segments, 0, method === 'HEAD' ? 'GET' : method, [])
      if (found) return { kind: 'matched', rule: found.rule, params: bind(found.rule, found.values) }
      const methods = new Set<string>()
      collectMethods(root, segments, 0, methods)
      if (methods.size === 0) return { kind: 'not_found' }
      if (methods.has('GET')) methods.add('HEAD')
      return { kind: 'method_not_allowed', allow: ALLOW_ORDER.filter((m) => methods.has(m)) }
    },
  }
}

function newNode(): TrieNode {
  return { statics: new Map(), param: null, rules: new Map(), rest: new Map() }
}

function insert(root: TrieNode, rule: RouteRule): void {
  let node = root
  for (const segment of rule.segments) {
    if (segment.kind === 'rest') {
      node.rest.set(rule.method, rule)
      return
    }
    if (segment.kind === 'param') {
      node = node.param ??= newNode()
      continue
    }
    let next = node.statics.get(segment.value)
    if (!next) {
      next = newNode()
      node.statics.set(segment.value, next)
    }
    node = next
  }
  node.rules.set(rule.method, rule)
}

function find(node: TrieNode, segments: string[], i: number, method: string, values: string[]): Found | null {
  if (i === segments.length) {
    const rule = node.rules.get(method)
    return rule ? { rule, values: [...values] } : null
  }
  const segment = segments[i]!
  if (segment === '') return null
  const child = node.statics.get(segment)
  const viaStatic = child && find(child, segments, i + 1, method, values)
  if (viaStatic) return viaStatic
  if (node.param) {
    values.push(segment)
    const viaParam = find(node.param, segments, i + 1, method, values)
    values.pop()
    if (viaParam) return viaParam
  }
  const rest = node.rest.get(method)
  if (rest && restIsWhole(segments, i)) return { rule: rest, values: [...values, segments.slice(i).join('/')] }
  return null
}

function collectMethods(node: TrieNode, segments: string[], i: number, into: Set<string>): void {
  if (i === segments.length) {
    for (const method of node.rules.keys()) into.add(method)
    return
  }
  const segment = segments[i]!
  if (segment === '') return
  const child = node.statics.get(segment)
  if (child) collectMethods(child, segments, i + 1, into)
  if (node.param) collectMethods(node.param, segments, i + 1, into)
  if (node.rest.size > 0 && restIsWhole(segments, i)) for (const method of node.rest.keys()) into.add(method)
}

function restIsWhole(segments: string[], from: number): boolean {
  for (let i = from; i < segments.length; i++) if (segments[i] === '') return false
  return true
}

// fromEntries defines own properties, so a parameter named __proto__ stays a plain key.
function bind(rule: RouteRule, values: string[]): Record<string, string> {
  const names = rule.segments.flatMap((s) => (s.kind === 'static' ? [] : [s.name]))
  return Object.fromEntries(names.map((name, i) => [name, values[i]!]))
}
