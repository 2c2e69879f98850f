// Under the gateway's own host but on a path no client can reach through the CDN, so an entry
// never meets an object the zone's own cache holds for an API URL.
const KEY_ROOT = '/__gatehouse-cache/v1'

/**
 * The Cache API key of a catalogue read. Pure. The Workers Cache API ignores `Vary`, so everything
 * the shop's answer varies on is in the key URL itself: the request's scheme and host, `Accept`,
 * `Accept-Encoding` (forwarded to the shop as the client sent it), `X-Store-Code` and `X-Currency-Code` (each absent, or present with its exact value), then the
 * canonical path and the query exactly as forwarded (so `?store=` is in it too).
 * Each header value is percent-encoded whole, `/` included, and marked `=` when present and `-`
 * when absent, so no two requests that differ in any of these share a key.
 */
export function cacheKey(requestUrl: URL, canonicalPath: string, headers: Headers): string {
  // Built in one template rather than an array mapped and joined: this runs on every catalogue read.
  const variant = `${segment(headers.get('accept'))}/${segment(headers.get('accept-encoding'))}/${segment(headers.get('x-store-code'))}/${segment(headers.get('x-currency-code'))}`
  return `${requestUrl.origin}${KEY_ROOT}/${variant}${canonicalPath}${requestUrl.search}`
}

function segment(value: string | null): string {
  return value === null ? '-' : `=${encodeURIComponent(value)}`
}
