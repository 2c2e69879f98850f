import { HOP_BY_HOP, namedInConnection, normalizeHeaderName } from './header-names'

/**
 * A copy of `headers` without hop-by-hop headers and without every header the `Connection` header
 * names (RFC 9110 §7.6.1). Used in both directions: client → origin and origin → client.
 */
export function withoutHopByHop(headers: Headers): Headers {
  const connectionNamed = namedInConnection(headers.get('connection'))
  const out = new Headers()
  for (const [name, value] of entries(headers)) {
    const normalized = normalizeHeaderName(name)
    if (HOP_BY_HOP.has(normalized) || connectionNamed.has(normalized)) continue
    out.append(name, value)
  }
  return out
}

/**
 * Whether `headers` holds anything `withoutHopByHop` would drop. Most origin answers hold nothing of
 * the kind, and then the runtime's own copy of the headers (native, one call) is all that is needed.
 * Any `Connection` header counts: it is itself hop-by-hop.
 */
export function hasHopByHop(headers: Headers): boolean {
  for (const name of headers.keys()) {
    if (HOP_BY_HOP.has(normalizeHeaderName(name))) return true
  }
  return false
}

// Set-Cookie must stay one header per cookie; Headers iteration joins nothing else that matters.
function* entries(headers: Headers): Iterable<[string, string]> {
  for (const [name, value] of headers) {
    if (name === 'set-cookie') continue
    yield [name, value]
  }
  for (const cookie of headers.getSetCookie()) yield ['set-cookie', cookie]
}
