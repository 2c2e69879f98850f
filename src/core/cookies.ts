// The one reading of a Cookie header: gatehouse's session cookie names, and the pairs as the runtime
// hands them over. The session cookies, the proxy's stripping and the edge cache all use it.

/**
 * The access token's cookie. `__Host-` (RFC 6265bis §4.1.3.2): Secure, Path=/, no Domain, so no
 * sibling subdomain and no plain-http page can set or shadow it. Sent with every request to this host.
 */
export const ACCESS_COOKIE = '__Host-gh_access'
/**
 * The refresh token's cookie, sent only to the token endpoints. `__Host-` demands Path=/, which
 * would send the refresh token with every request; a path-scoped cookie can only be `__Secure-`
 * (Secure, set only over https). Its weaker point, a sibling subdomain setting one with a Domain
 * attribute, is met by refusing a request that carries the name twice.
 */
export const REFRESH_COOKIE = '__Secure-gh_refresh'
/** The refresh cookie's path: `/token`, `/refresh` and `/logout` all lie under it. */
export const REFRESH_COOKIE_PATH = '/api/rest/v2/auth'

export type CookieReading = { value: string } | { problem: 'duplicate' } | undefined

/** One `name=value` pair of a Cookie header, both trimmed, and the pair as written (trimmed). */
export interface CookiePair {
  name: string
  value: string
  text: string
}

// RFC 6265 §4.2.1: pairs are separated by `; `. A request with two Cookie lines reaches the Worker
// as one value joined with `, ` (Fetch's header combining), and a cookie-value cannot hold a comma
// (§4.1.1 cookie-octet), so `, ` separates pairs too. Browsers never send a comma unencoded.
const PAIR_SEPARATOR = /;|, /

/**
 * The pairs of a Cookie header as the runtime hands it over (every line joined), in order. Pure.
 * The one cookie parser: the session cookies, the proxy's stripping and the edge cache all read it.
 *
 * @example
 * cookiePairs('a=1; b=2, __Host-gh_access=x') // [{a,1}, {b,2}, {__Host-gh_access,x}]
 */
export function cookiePairs(header: string | null | undefined): CookiePair[] {
  if (!header) return []
  return header
    .split(PAIR_SEPARATOR)
    .map((pair) => {
      const at = pair.indexOf('=')
      const text = pair.trim()
      return at < 0 ? { name: text, value: '', text } : { name: pair.slice(0, at).trim(), value: pair.slice(at + 1).trim(), text }
    })
    .filter((pair) => pair.text !== '')
}

/**
 * One cookie of a Cookie header: its value, `undefined` when absent (or empty), or a problem when
 * the name appears twice, on one line or two (a cookie set by another host of the site to shadow
 * ours). Pure.
 */
export function readCookie(cookieHeader: string | null | undefined, name: string): CookieReading {
  if (!cookieHeader?.includes(name)) return undefined
  const values = cookiePairs(cookieHeader).filter((pair) => pair.name === name)
  if (values.length > 1) return { problem: 'duplicate' }
  const value = values[0]?.value
  return value ? { value } : undefined
}

/**
 * The Cookie header without any gatehouse session cookie (`__Host-gh_…`, `__Secure-gh_…`) on any
 * line, or null when nothing else is left: the shop never sees a session cookie. The pairs kept are
 * joined with `; ` (one line). Pure.
 *
 * @example
 * withoutSessionCookies('a=1, __Host-gh_access=eyJ…') // 'a=1'
 */
export function withoutSessionCookies(cookieHeader: string): string | null {
  const kept = cookiePairs(cookieHeader).filter((pair) => !isSessionCookieName(pair.name))
  return kept.length === 0 ? null : kept.map((pair) => pair.text).join('; ')
}

/** Whether a cookie name is one of gatehouse's: any `gh_` cookie under either prefix, in any case. */
export function isSessionCookieName(name: string): boolean {
  const lower = name.toLowerCase()
  return lower.startsWith('__host-gh_') || lower.startsWith('__secure-gh_')
}
