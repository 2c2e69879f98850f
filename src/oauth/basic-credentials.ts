import { ok, refused, type Result, decodeFormComponent } from '../core'

/** A client's id and secret as `Authorization: Basic` carried them, decoded. */
export interface BasicCredentials {
  clientId: string
  clientSecret: string
}

// RFC 7617 §2: credentials = "Basic" 1*SP token68; the scheme is case-insensitive (RFC 7235 §2.1).
// One space and one strict base64 token68 with correct padding, nothing before or after.
const BASIC = /^basic ([A-Za-z0-9+/]*={0,2})$/i
const SCHEME = /^basic(?: |$)/i

/**
 * Reads `client_secret_basic` credentials (RFC 6749 §2.3.1): base64 of
 * `form-encode(client_id) ":" form-encode(client_secret)`, the pair decoded as UTF-8 and each half
 * form-decoded. Pure.
 * - another scheme (`Bearer …`): `not_basic`, so the caller can try it;
 * - bad base64, bytes that are not UTF-8, no colon, bad percent-encoding, an empty id or secret:
 *   `malformed_basic`.
 *
 * @example
 * readBasic('Basic bWFob18xOnMlM0FjcmV0') // { ok: true, value: { clientId: 'maho_1', clientSecret: 's:cret' } }
 */
export function readBasic(authorization: string): Result<BasicCredentials, 'not_basic' | 'malformed_basic'> {
  if (!SCHEME.test(authorization)) return refused('not_basic')
  const token = BASIC.exec(authorization)?.[1]
  if (!token || token.length % 4 !== 0) return refused('malformed_basic')
  const pair = decodeUtf8(Uint8Array.from(atob(token), (ch) => ch.charCodeAt(0)))
  // RFC 7617 §2: the user-id cannot contain a colon, so the first one separates; the secret may hold more.
  const colon = pair?.indexOf(':') ?? -1
  if (pair === undefined || colon === -1) return refused('malformed_basic')
  const clientId = decodeFormComponent(pair.slice(0, colon))
  const clientSecret = decodeFormComponent(pair.slice(colon + 1))
  if (!clientId || !clientSecret) return refused('malformed_basic')
  return ok({ clientId, clientSecret })
}

function decodeUtf8(bytes: Uint8Array): string | undefined {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes)
  } catch {
    return undefined
  }
}
