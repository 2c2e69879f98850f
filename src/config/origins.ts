import { ConfigError } from '../core'

/**
 * A comma-separated list of bare origins (`scheme://host[:port]`, no path, no `*`), as
 * CORS_ORIGINS, COOKIE_ORIGINS and TURNSTILE_ORIGINS take them; each entry parsed once. Throws a
 * ConfigError naming the variable and the entry. Pure.
 *
 * @example
 * parseOrigins('https://shop.example.com, http://localhost:5173', 'CORS_ORIGINS') // [URL, URL]
 */
export function parseOrigins(value: string | undefined, name: string): URL[] {
  return list(value).map((origin) => {
    if (origin === '*') throw new ConfigError(`${name} must list bare origins; \`*\` is never allowed`)
    let url: URL | undefined
    try {
      url = new URL(origin)
    } catch {
      url = undefined
    }
    if (!url || url.origin !== origin)
      throw new ConfigError(`${name} entry "${origin}" must be a bare origin (scheme://host[:port], no path) such as https://www.shop.example.com`)
    return url
  })
}

/** The trimmed, non-empty entries of a comma-separated setting. Pure. */
export function list(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
}
