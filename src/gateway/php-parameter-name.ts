/**
 * The name PHP gives a query parameter before any framework sees it (php-src
 * `main/php_variables.c`, `php_register_variable_ex`): the decoded name is a C string, so it ends
 * at its first NUL; leading spaces are dropped; spaces and dots before the first `[` become `_`;
 * `name[...]` is an array named `name`, while an unclosed `[` itself becomes `_`. So `_method%00x`,
 * ` _method`, `.method` and `_method[]` all reach the shop as `_method`, and `access[token` as
 * `access_token`. Lower-cased here so that refusals also cover case variants. Pure.
 */
export function phpParameterName(name: string): string {
  const nul = name.indexOf('\0')
  const trimmed = (nul >= 0 ? name.slice(0, nul) : name).replace(/^ +/, '')
  const bracket = trimmed.indexOf('[')
  if (bracket < 0) return mangle(trimmed)
  const base = mangle(trimmed.slice(0, bracket))
  const closed = trimmed.indexOf(']', bracket + 1) > bracket
  return closed ? base : `${base}_${trimmed.slice(bracket + 1).toLowerCase()}`
}

function mangle(name: string): string {
  return name.replace(/[ .]/g, '_').toLowerCase()
}

/** Whether any parameter of `query` reaches a PHP shop under one of `names` (lower case). Pure. */
export function hasPhpParameter(query: URLSearchParams, names: ReadonlySet<string>): boolean {
  for (const name of query.keys()) {
    if (names.has(phpParameterName(name))) return true
  }
  return false
}
