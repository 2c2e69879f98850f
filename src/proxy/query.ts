/**
 * The query string to forward: the client's own, byte for byte, minus every parameter a PHP shop
 * would read as `_method`. Symfony (with `http_method_override`) takes a POST's method from it, so
 * `POST /customers?_method=GET` (public sign-up) would run as `GET /customers` (admin) after the
 * policy checked POST. PHP decodes the name, drops leading spaces, turns ` ` and `.` into `_` and
 * cuts `[...]`, so `%5Fmethod`, `.method` and `_method[]` all count. Pure.
 *
 * @example
 * forwardedQuery('?a=1&_method=GET') // '?a=1'
 */
export function forwardedQuery(search: string): string {
  if (!search.startsWith('?')) return search
  const kept = search.slice(1).split('&').filter((pair) => !isMethodOverride(pair.split('=', 1)[0]!))
  return kept.length > 0 ? `?${kept.join('&')}` : ''
}

function isMethodOverride(rawName: string): boolean {
  const name = lenientDecode(rawName.replaceAll('+', ' ')).replace(/^ +/, '')
  const base = name.split('[', 1)[0]!.replace(/[ .]/g, '_').toLowerCase()
  return base === '_method'
}

// PHP's urldecode: valid %XX escapes are decoded, anything else is kept as written.
function lenientDecode(text: string): string {
  return text.replace(/%([0-9A-Fa-f]{2})/g, (_, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)))
}
