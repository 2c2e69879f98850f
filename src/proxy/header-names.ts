// Which request and response headers the gateway owns or refuses, by normalised name.
//
// Names are compared after `normalizeHeaderName`: lower case with `_` read as `-`. PHP (the shop)
// exposes both `X-Gatehouse-Subject` and `X_Gatehouse_Subject` as $_SERVER['HTTP_X_GATEHOUSE_SUBJECT'],
// so a client must not be able to slip one past us by spelling it differently.

/** Lower case, `_` → `-`: the spelling-insensitive key the origin's framework may use. */
export function normalizeHeaderName(name: string): string {
  return name.toLowerCase().replaceAll('_', '-')
}

// RFC 9110 §7.6.1 (Connection), plus the legacy Keep-Alive / Proxy-Connection and the RFC 9110 §11
// proxy auth pair, which belong to the client↔gateway hop only.
export const HOP_BY_HOP: ReadonlySet<string> = new Set([
  'connection',
  'keep-alive',
  'proxy-authenticate',
  'proxy-authorization',
  'proxy-connection',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
])

// Frameworks that honour these would run a different method than the one the policy checked
// (e.g. a public GET turned into an admin DELETE).
export const METHOD_OVERRIDE: ReadonlySet<string> = new Set(['x-http-method-override', 'x-method-override', 'x-http-method'])

// Headers only the gateway may set: the shop trusts them for the client address, scheme, host and
// (for origins that do not read JWTs) the caller's identity. Any client-sent spelling is dropped.
// - Client address: every header a PHP shop may be told to read it from. Symfony's trusted-proxy
//   headers are `Forwarded` and `X-Forwarded-*` (symfony/http-foundation `Request::TRUSTED_HEADERS`);
//   Maho reads whichever `$_SERVER` keys its `global/remote_addr_headers` lists, and the usual ones
//   are below (Akamai/Cloudflare `True-Client-IP`, Fastly, Rackspace, Google's `X-ProxyUser-Ip`,
//   ingress-nginx's `X-Original-Forwarded-For`, the classic `HTTP_CLIENT_IP`).
// - Host and scheme: `X-Original-Host`, `X-Host`; Maho's `web/secure/offloader_header` (default
//   `SSL_OFFLOADED`) and Microsoft's `Front-End-Https` make the shop believe the client used HTTPS.
// - X-Original-URL / X-Rewrite-URL (Zend/Laminas, older Symfony `Request::prepareRequestUri`),
//   X-Original-URI: some PHP frameworks route on them, which would let a client reach a path other
//   than the one the policy matched. Symfony's X-Forwarded-Prefix is under the prefix below.
const GATEWAY_OWNED: ReadonlySet<string> = new Set([
  'forwarded',
  'x-real-ip',
  'client-ip',
  'x-client-ip',
  'true-client-ip',
  'fastly-client-ip',
  'x-cluster-client-ip',
  'x-proxyuser-ip',
  'x-original-forwarded-for',
  'x-originating-ip',
  'x-remote-ip',
  'x-remote-addr',
  'x-original-host',
  'x-host',
  'ssl-offloaded',
  'front-end-https',
  'x-original-url',
  'x-rewrite-url',
  // nginx's name for the original request target; a host override some frameworks honour; scheme
  // overrides (Rack/nginx `X-Scheme`, WSGI-style `X-Url-Scheme`) that make the shop believe HTTPS.
  'x-original-uri',
  'x-http-host-override',
  'x-url-scheme',
  'x-scheme',
  // httpoxy (CVE-2016-5385): PHP exposes `Proxy` as $_SERVER['HTTP_PROXY'], which HTTP clients in
  // the shop (Guzzle, curl wrappers) read as the outbound proxy for their own requests.
  'proxy',
  // The runtime sets Host from the origin URL; a client's Host must not pick the origin's vhost.
  'host',
])
// `X-Forwarded-*` covers -For, -Host, -Proto, -Port, -Prefix, -Server and -Ssl.
const GATEWAY_OWNED_PREFIXES = ['x-gatehouse-', 'x-forwarded-'] as const

/** True when `name` (already normalised) is one the gateway alone sets towards the origin. */
export function isGatewayOwned(normalized: string): boolean {
  return GATEWAY_OWNED.has(normalized) || GATEWAY_OWNED_PREFIXES.some((prefix) => normalized.startsWith(prefix))
}

/**
 * True for a client's `_` spelling of a header Cloudflare's edge sets (`CF_Connecting_IP`): the
 * edge overwrites `CF-Connecting-IP` itself, but PHP would read `CF_Connecting_IP` as the same
 * `HTTP_CF_CONNECTING_IP`, which shops list in `remote_addr_headers`. `raw` is the name as received.
 */
export function isSpoofedEdgeHeader(raw: string, normalized: string): boolean {
  return normalized.startsWith('cf-') && raw.includes('_')
}

/** The header names listed in a `Connection` value, normalised (RFC 9110 §7.6.1). */
export function namedInConnection(value: string | null): Set<string> {
  const names = new Set<string>()
  for (const token of (value ?? '').split(',')) {
    const name = token.trim()
    if (name) names.add(normalizeHeaderName(name))
  }
  return names
}

/**
 * True for the demo shop's test hooks (`X-Demo-*`, any spelling): passed on only where the config
 * says the origin is the local demo shop (`DEMO_HOOKS=on`).
 */
export function isDemoHook(normalized: string): boolean {
  return normalized.startsWith('x-demo-')
}
