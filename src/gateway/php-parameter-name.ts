/**
 * The name PHP gives a query parameter before any framework sees it (PHP manual, "Variables From
 * External Sources"): leading spaces dropped, spaces and dots turned into `_`, and `name[...]` read
 * as an array named `name`. So ` _method`, `.method` and `_method[]` all reach the shop as
 * `_method`. Lower-cased here so that refusals also cover case variants. Pure.
 */
export function phpParameterName(name: string): string {
  const trimmed = name.replace(/^ +/, '')
  const bracket = trimmed.indexOf('[')
  const base = bracket >= 0 && trimmed.indexOf(']', bracket) > bracket ? trimmed.slice(0, bracket) : trimmed
  return base.replace(/[ .[]/g, '_').toLowerCase()
}

/** Whether any parameter of `query` reaches a PHP shop under one of `names` (lower case). Pure. */
export function hasPhpParameter(query: URLSearchParams, names: ReadonlySet<string>): boolean {
  for (const name of query.keys()) {
    if (names.has(phpParameterName(name))) return true
  }
  return false
}
