import { RouteTableError, type RouteTableIssue } from './route-table-error'
import type { Level, RouteMethod, RouteRule, TemplateSegment } from './types'

const METHODS: readonly string[] = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] satisfies RouteMethod[]
const LEVELS: readonly string[] = ['public', 'customer', 'admin'] satisfies Level[]
const PERMISSION = /^[a-z][a-z0-9_-]*\/[a-z][a-z0-9_-]*$/
// Static segments are RFC 3986 unreserved characters only: canonicalizePath decodes exactly these,
// so a static segment has one spelling and `%6De` cannot dodge `me`.
const STATIC_SEGMENT = /^[A-Za-z0-9._~-]+$/
const PARAM_SEGMENT = /^\{([A-Za-z_][A-Za-z0-9_]*)\}$/
/** A parameter with this name, last in its template, spans one or more segments (`/media/{path}`). */
export const REST_PARAM = 'path'
/** The customer id a customer principal must own sits right after this leading segment. */
export const CUSTOMER_ID_SEGMENT = 'customers'

/**
 * Parses the route table (TSV: METHOD, PATH, LEVEL, PERMISSION, optional NOTE; `#` comments) and
 * rejects every bad row at once, each with its line number.
 *
 * @example
 * parseRouteTable('GET\t/products/{id}\tpublic\t-\n')[0].level // 'public'
 * @throws RouteTableError listing every bad row.
 */
export function parseRouteTable(text: string): RouteRule[] {
  const rules: RouteRule[] = []
  const issues: RouteTableIssue[] = []
  const seen = new Map<string, number>()
  for (const [index, raw] of text.split('\n').entries()) {
    const line = index + 1
    const row = raw.endsWith('\r') ? raw.slice(0, -1) : raw
    if (row.trim() === '' || row.startsWith('#')) continue
    const result = parseRow(row, line)
    if (typeof result === 'string') {
      issues.push({ line, message: result })
      continue
    }
    const key = `${result.method} ${shapeOf(result.segments)}`
    const earlier = seen.get(key)
    if (earlier !== undefined) {
      issues.push({ line, message: `duplicate of line ${earlier} (${result.method} ${result.template})` })
      continue
    }
    seen.set(key, line)
    rules.push(result)
  }
  if (issues.length > 0) throw new RouteTableError(issues)
  if (rules.length === 0) throw new RouteTableError([{ line: 0, message: 'the table has no routes' }])
  return rules
}

function parseRow(row: string, line: number): RouteRule | string {
  const fields = row.split('\t')
  if (fields.length < 4 || fields.length > 5) return `expected 4 or 5 tab-separated columns, found ${fields.length}`
  const [method, template, level, permission, note = ''] = fields as [string, string, string, string, string?]
  if (!METHODS.includes(method)) return `unknown method "${method}" (expected one of ${METHODS.join(', ')})`
  if (!LEVELS.includes(level)) return `unknown level "${level}" (expected public, customer or admin)`
  const anyOf = permission === '-' ? [] : permission.split('|')
  if (anyOf.some((p) => !PERMISSION.test(p))) return `bad permission "${permission}" (expected resource/verb, alternatives joined by |, or -)`
  if (new Set(anyOf).size !== anyOf.length) return `permission "${permission}" names an alternative twice`
  if (level === 'public' && permission !== '-') return `a public route takes no permission (write -), found "${permission}"`
  if (level === 'admin' && permission === '-') return 'an admin route needs a permission (resource/verb)'
  const segments = parseTemplate(template)
  if (typeof segments === 'string') return `bad path template "${template}": ${segments}`
  return {
    method: method as RouteMethod,
    template,
    segments,
    level: level as Level,
    permission: permission === '-' ? null : permission,
    anyPermission: anyOf,
    ownerParam: ownerParamOf(segments),
    line,
    note,
  }
}

function parseTemplate(template: string): TemplateSegment[] | string {
  if (!template.startsWith('/')) return 'must start with /'
  const parts = template.slice(1).split('/')
  const segments: TemplateSegment[] = []
  const names = new Set<string>()
  for (const [i, part] of parts.entries()) {
    if (part === '') return 'empty segment (no // and no trailing /)'
    const param = PARAM_SEGMENT.exec(part)?.[1]
    if (param !== undefined) {
      if (names.has(param)) return `parameter {${param}} appears twice`
      names.add(param)
      const last = i === parts.length - 1
      if (param === REST_PARAM && !last) return `{${REST_PARAM}} spans segments, so it must be last`
      segments.push({ kind: param === REST_PARAM ? 'rest' : 'param', name: param })
      continue
    }
    if (part === '.' || part === '..') return 'dot segment'
    if (!STATIC_SEGMENT.test(part)) return `segment "${part}" must be {name} or letters, digits and - . _ ~`
    segments.push({ kind: 'static', value: part })
  }
  return segments
}

function shapeOf(segments: readonly TemplateSegment[]): string {
  return segments.map((s) => (s.kind === 'static' ? s.value : s.kind === 'param' ? '{}' : '{+}')).join('/')
}

function ownerParamOf(segments: readonly TemplateSegment[]): string | null {
  const [first, second] = segments
  if (first?.kind !== 'static' || first.value !== CUSTOMER_ID_SEGMENT || second === undefined) return null
  return second.kind === 'static' ? null : second.name
}
