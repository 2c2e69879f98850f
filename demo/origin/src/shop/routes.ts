// Which routes the shop protects, read from the same route table the gateway enforces
// (policy/routes.tsv, bundled as text): every route that is not public needs a valid Bearer, and
// so does any path under /api/rest/v2 that the table does not name.
import table from '../../../../policy/routes.tsv'

export const API = '/api/rest/v2'

interface PublicRoute {
  method: string
  pattern: RegExp
}

const PUBLIC_ROUTES: PublicRoute[] = table
  .split('\n')
  .map((line) => line.replace(/\r$/, '').split('\t'))
  .filter(([method, , level]) => method !== undefined && !method.startsWith('#') && level === 'public')
  .map(([method, template]) => ({ method: method!, pattern: templatePattern(template!) }))

// As src/policy/parse-route-table.ts reads a template: `{name}` is one segment, a trailing
// `{path}` spans segments, static segments are unreserved characters (only `.` needs escaping).
function templatePattern(template: string): RegExp {
  const segments = template.slice(1).split('/')
  const parts = segments.map((segment, i) => {
    if (segment === '{path}' && i === segments.length - 1) return '.+'
    if (segment.startsWith('{')) return '[^/]+'
    return segment.replaceAll('.', '\\.')
  })
  return new RegExp(`^/${parts.join('/')}$`)
}

/** Whether the shop answers `method path` without a token. `path` is relative to /api/rest/v2. */
export function isPublicRoute(method: string, path: string): boolean {
  // HEAD follows GET; OPTIONS is a CORS preflight and never carries credentials.
  if (method === 'OPTIONS') return true
  const asked = method === 'HEAD' ? 'GET' : method
  return PUBLIC_ROUTES.some((route) => route.method === asked && route.pattern.test(path))
}
