import type { RouteMatch, RouteMatcher, RouteRule, TemplateSegment } from './types'

const RANK = { static: 0, param: 1, rest: 2 } as const

/**
 * The naive matcher: scans every rule per request and ranks the candidates segment by segment
 * (static before `{param}` before a trailing `{path}`). Too slow for the request path; it exists
 * so one shared test table can hold the compiled trie to the same answers (compile-route-table.test.ts).
 */
export function referenceMatcher(rules: readonly RouteRule[]): RouteMatcher {
  return {
    rules,
    match(method: string, path: string): RouteMatch {
      const wanted = method === 'HEAD' ? 'GET' : method
      const candidates = rules.flatMap((rule) => {
        const values = matchTemplate(rule.segments, path)
        return values ? [{ rule, values }] : []
      })
      const forMethod = candidates.filter((c) => c.rule.method === wanted)
      forMethod.sort((a, b) => compareSpecificity(a.rule.segments, b.rule.segments))
      const best = forMethod[0]
      if (best) return { kind: 'matched', rule: best.rule, params: best.values }
      if (candidates.length === 0) return { kind: 'not_found' }
      const methods = new Set(candidates.map((c) => c.rule.method as string))
      if (methods.has('GET')) methods.add('HEAD')
      return { kind: 'method_not_allowed', allow: ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'].filter((m) => methods.has(m)) }
    },
  }
}

function matchTemplate(segments: readonly TemplateSegment[], path: string): Record<string, string> | null {
  if (!path.startsWith('/')) return null
  const parts = path.slice(1).split('/')
  if (parts.includes('')) return null
  const values: Record<string, string> = {}
  for (const [i, segment] of segments.entries()) {
    const part = parts[i]
    if (part === undefined) return null
    if (segment.kind === 'rest') {
      values[segment.name] = parts.slice(i).join('/')
      return values
    }
    if (segment.kind === 'static' && segment.value !== part) return null
    if (segment.kind === 'param') values[segment.name] = part
  }
  return parts.length === segments.length ? values : null
}

function compareSpecificity(a: readonly TemplateSegment[], b: readonly TemplateSegment[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const diff = RANK[a[i]!.kind] - RANK[b[i]!.kind]
    if (diff !== 0) return diff
  }
  return 0
}
