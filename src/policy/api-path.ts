/** Where the shop's REST API v2 lives; route templates are relative to it. */
export const API_PREFIX = '/api/rest/v2'

/**
 * The route-table path for a canonical request path: `/api/rest/v2/products/12` → `/products/12`,
 * or `null` when the path is not under the API (exact, case-sensitive prefix).
 */
export function apiRelativePath(canonicalPath: string): string | null {
  if (!canonicalPath.startsWith(`${API_PREFIX}/`)) return null
  return canonicalPath.slice(API_PREFIX.length)
}
