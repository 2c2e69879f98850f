/**
 * Whether a URL's hostname is this machine: the only hosts where plain http, the demo secret and
 * other local conveniences are accepted. `URL.hostname` keeps IPv6 brackets. Pure.
 *
 * @example
 * isLocalHost(new URL('http://127.0.0.1:8787').hostname) // true
 */
export function isLocalHost(hostname: string): boolean {
  return hostname === 'localhost' || hostname.endsWith('.localhost') || hostname === '127.0.0.1' || hostname === '[::1]'
}
