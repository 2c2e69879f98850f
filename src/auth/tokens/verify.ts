import { errors, jwtVerify, type JWTHeaderParameters } from 'jose'
import type { Config } from '../../config'
import type { Principal } from '../principal'
import { hmacKey } from './key'
import { readPrincipal } from './principal-claims'
import { classifyJoseError, rejectToken } from './rejection'

/** Tokens larger than this are refused before any parsing (the shop's are well under 1 KiB). */
export const MAX_TOKEN_BYTES = 8 * 1024

// Headers that point the verifier at another key or demand extensions: we have exactly one key
// and support no extensions (RFC 7515 §4.1.2-4.1.6, §4.1.11), so their presence alone is hostile.
const REFUSED_HEADERS = ['jku', 'jwk', 'x5u', 'x5c', 'crit'] as const

const REQUIRED_CLAIMS = ['iss', 'aud', 'exp', 'nbf', 'iat', 'jti', 'sub']

// RFC 7515 §3.1 + §2: three base64url parts without padding. jose's decoder also takes `=` padding,
// which would let one token travel under many spellings; only the canonical one is accepted. An
// empty signature passes here so that jose refuses it (and alg none) as the forgery it is.
const COMPACT_JWS = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/

/**
 * The one token verifier (refresh, logout and the gateway use it): signature and claims only,
 * revocation is checked by the caller. Throws `invalid_token` with the precise reason as detail and
 * a `token_rejected` event classed `forged`, `expired`, `malformed` or `wrong_claims`.
 * `now` is seconds since the epoch.
 *
 * @example
 * const principal = await verifyToken(token, config, Date.now() / 1000)
 */
export async function verifyToken(token: string, config: Config, now: number): Promise<Principal> {
  if (token.length > MAX_TOKEN_BYTES) rejectToken('malformed', 'token over 8 KiB')
  if (!COMPACT_JWS.test(token)) rejectToken('malformed', 'not three unpadded base64url parts')

  const key = await hmacKey(config)
  let payload
  try {
    ;({ payload } = await jwtVerify(token, (header: JWTHeaderParameters) => keyFor(header, key), {
      algorithms: ['HS256'],
      issuer: config.jwt.issuer,
      audience: config.jwt.audience,
      clockTolerance: 0,
      requiredClaims: REQUIRED_CLAIMS,
      currentDate: new Date(now * 1000),
    }))
  } catch (err) {
    // A header naming another key is an attempt to choose the key: a forgery, like a bad signature.
    if (err instanceof RefusedHeader) rejectToken('forged', `${err.code}: ${err.message}`)
    if (err instanceof errors.JOSEError) rejectToken(classifyJoseError(err), `${err.code}: ${err.message}`)
    throw err
  }

  // jose accepts an `aud` array containing ours; the shop issues and expects the bare string.
  if (payload.aud !== config.jwt.audience) rejectToken('wrong_claims', 'aud is not exactly the configured audience')
  // jose checks iat only with maxTokenAge; a token from the future is as wrong as one not yet valid.
  if (typeof payload.iat !== 'number' || payload.iat > now) rejectToken('wrong_claims', 'iat is in the future')

  const reading = readPrincipal(payload)
  if ('problem' in reading) rejectToken('wrong_claims', reading.problem)
  return reading.principal
}

class RefusedHeader extends Error {
  readonly code = 'ERR_REFUSED_HEADER'
}

function keyFor(header: JWTHeaderParameters, key: CryptoKey): CryptoKey {
  for (const name of REFUSED_HEADERS) {
    if (Object.hasOwn(header, name)) throw new RefusedHeader(`header ${name} is refused`)
  }
  return key
}
