import { errors, jwtVerify, SignJWT, type JWTHeaderParameters, type JWTPayload } from 'jose'
import type { Config } from '../config'
import { fail, isCanonicalBase64url, oncePer, type Identity, type Principal, type TokenAnswer } from '../core'
import { claimsOf, principalOf } from './claims'

/** Tokens larger than this are refused before any parsing (the shop's are well under 1 KiB). */
export const MAX_TOKEN_BYTES = 8 * 1024

/**
 * Why a token was refused, as logged in `token_rejected` events. The client always sees the same
 * 401 `invalid_token`; the class tells an operator a forgery attempt from a stale session.
 */
export type RejectionClass = 'forged' | 'revoked' | 'expired' | 'malformed' | 'wrong_claims' | 'inactive_account'

/** Throws the one 401 `invalid_token`, carrying a `token_rejected` event of the given class. */
export function rejectToken(kind: RejectionClass, detail: string): never {
  fail('invalid_token', { detail, event: { event: 'token_rejected', reason: kind, detail } })
}

/** The token part of every token and refresh answer, and the principal it speaks for. */
export interface IssuedToken {
  principal: Principal
  answer: { token: string; tokenType: 'Bearer'; expiresIn: number }
}

/**
 * Mints a fresh token (new jti, full lifetime, whole-second times) for an identity, signed with the
 * first configured issuer and audience. `now` is seconds since the epoch. A refresh-token rotation
 * passes a `jti` derived from the rotated token, so that a retry mints the very same token; a token
 * minted from a refresh family passes the family id as `sid`.
 */
export async function issueToken(identity: Identity, config: Config, now: number, jti: string = newJti(), sid?: string): Promise<IssuedToken> {
  const iat = Math.floor(now)
  const family = sid !== undefined && identity.type === 'customer' ? { sid } : {}
  const principal = { ...identity, ...family, subject: subjectOf(identity), jti, iat, exp: iat + config.jwt.ttlSeconds } as Principal
  const claims = claimsOf(principal, { issuer: config.jwt.issuers[0]!, audience: config.jwt.audiences[0]! })
  // The shop's own header: `{alg, typ}`; the claims already carry every registered claim.
  const token = await new SignJWT({ ...claims }).setProtectedHeader({ alg: 'HS256', typ: 'JWT' }).sign(await hmacKey(config))
  return { principal, answer: { token, tokenType: 'Bearer', expiresIn: config.jwt.ttlSeconds } }
}

/**
 * A token answer in both dialects: the shop's `token`, `tokenType`, `expiresIn` (its own code also
 * answers `token_type`, `expires_in`) and RFC 6749 §5.1's `access_token`, `token_type`,
 * `expires_in`, with the same values. Pure.
 */
export function inBothDialects(answer: Pick<TokenAnswer, 'token' | 'expiresIn'> & Record<string, unknown>): TokenAnswer {
  // The token fields first, in both spellings; then the account fields (and any the shop or a refresh family added).
  const { token, expiresIn, tokenType: _tokenType, access_token: _accessToken, token_type: _tokenTypeRfc, expires_in: _expiresIn, ...account } = answer
  return { token, tokenType: 'Bearer', expiresIn, access_token: token, token_type: 'Bearer', expires_in: expiresIn, ...account }
}

// Headers that point the verifier at another key or demand extensions: we have exactly one key
// and support no extensions (RFC 7515 §4.1.2-4.1.6, §4.1.11), so their presence alone is hostile.
const REFUSED_HEADERS = ['jku', 'jwk', 'x5u', 'x5c', 'crit'] as const
const REQUIRED_CLAIMS = ['iss', 'aud', 'exp', 'nbf', 'iat', 'jti', 'sub']
// RFC 7515 §3.1 + §2: three base64url parts without padding. jose's decoder also takes `=` padding,
// which would let one token travel under many spellings; only the canonical one is accepted (no
// padding, no unused bits set: src/core/base64url.ts). An
// empty signature passes here so that jose refuses it (and alg none) as the forgery it is.
const COMPACT_JWS = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/
// Doubles near 1.8e9 are exact to about 2.4e-7 s: `exp - iat` of a shop token with microsecond
// times may exceed its lifetime by that much without being longer.
const FLOAT_SLACK_SECONDS = 0.001

/**
 * The one token verifier (refresh, logout, the gateway and the shop fallback use it): signature
 * and claims only; revocation is the caller's. Throws `invalid_token` with the precise reason as
 * detail and a `token_rejected` event classed `forged`, `expired`, `malformed` or `wrong_claims`.
 * Times are compared exactly, fractions included, with zero leeway (as the shop does).
 *
 * @example
 * const principal = await verifyToken(token, config, Date.now() / 1000)
 */
export async function verifyToken(token: string, config: Config, now: number): Promise<Principal> {
  if (token.length > MAX_TOKEN_BYTES) rejectToken('malformed', 'token over 8 KiB')
  if (!COMPACT_JWS.test(token)) rejectToken('malformed', 'not three unpadded base64url parts')
  if (!token.split('.').every(isCanonicalBase64url)) rejectToken('malformed', 'a base64url part has unused bits set')

  const key = await hmacKey(config)
  let payload: JWTPayload
  try {
    ;({ payload } = await jwtVerify(token, (header: JWTHeaderParameters) => keyFor(header, key), {
      algorithms: ['HS256'],
      issuer: [...config.jwt.issuers],
      audience: [...config.jwt.audiences],
      // jose compares whole seconds (it floors `currentDate`); one second of slack there, and the
      // exact comparisons below decide.
      clockTolerance: 1,
      requiredClaims: REQUIRED_CLAIMS,
      currentDate: new Date(now * 1000),
    }))
  } catch (err) {
    // A header naming another key is an attempt to choose the key: a forgery, like a bad signature.
    if (err instanceof RefusedHeader) rejectToken('forged', `${err.code}: ${err.message}`)
    if (err instanceof errors.JOSEError) rejectToken(classify(err), `${err.code}: ${err.message}`)
    throw err
  }

  // jose accepts an `aud` array containing ours; the shop issues and expects one string.
  if (typeof payload.aud !== 'string') rejectToken('wrong_claims', 'aud is not a string')
  const { exp, nbf, iat } = payload as { exp: number; nbf: number; iat: number }
  if (exp <= now) rejectToken('expired', '"exp" claim timestamp check failed')
  if (nbf > now) rejectToken('wrong_claims', '"nbf" claim timestamp check failed')
  // jose checks iat only with maxTokenAge; a token from the future is as wrong as one not yet valid.
  if (iat > now) rejectToken('wrong_claims', 'iat is in the future')

  const reading = principalOf(payload)
  if (!reading.ok) rejectToken('wrong_claims', reading.reason)
  // The shop issues one lifetime for every grant, and a logout-everywhere stamp lives only as long
  // as the longest allowed lifetime (src/auth/revocation.ts): a longer-lived token would outlive it.
  const lifetime = reading.value.exp - reading.value.iat
  if (lifetime - config.jwt.ttlSeconds > FLOAT_SLACK_SECONDS) rejectToken('wrong_claims', `lifetime ${lifetime} s is longer than TOKEN_TTL`)
  return reading.value
}

// jose re-imports a Uint8Array secret on every sign/verify; importing the CryptoKey once per
// Config (once per isolate, since readConfig caches per env) saves that work per request.
const hmacKey: (config: Config) => Promise<CryptoKey> = oncePer((config: Config) =>
  crypto.subtle.importKey('raw', config.jwt.secret, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign', 'verify']),
)

function subjectOf(identity: Identity): string {
  return identity.type === 'customer' ? `customer_${identity.customerId}` : `api_user_${identity.apiUserId}`
}

/** A fresh token id: 128 bits from the platform CSPRNG, as 32 lowercase hex characters. */
export function newJti(): string {
  let hex = ''
  for (const byte of crypto.getRandomValues(new Uint8Array(16))) hex += byte.toString(16).padStart(2, '0')
  return hex
}

// The class of a jose failure: signature and algorithm problems are forgeries.
function classify(err: errors.JOSEError): RejectionClass {
  switch (err.code) {
    case errors.JWSSignatureVerificationFailed.code:
    case errors.JOSEAlgNotAllowed.code:
      return 'forged'
    case errors.JWTExpired.code:
      return 'expired'
    case errors.JWTClaimValidationFailed.code:
      return 'wrong_claims'
    default:
      return 'malformed'
  }
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
