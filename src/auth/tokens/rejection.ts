import { errors } from 'jose'
import { fail } from '../../errors'

/**
 * Why a token was refused, as logged in `token_rejected` events. The client always sees the same
 * 401 `invalid_token`; the class tells an operator a forgery attempt from a stale session.
 */
export type RejectionClass = 'forged' | 'revoked' | 'expired' | 'malformed' | 'wrong_claims' | 'inactive_account'

/** Throws the one 401 `invalid_token`, carrying a `token_rejected` event of the given class. */
export function rejectToken(kind: RejectionClass, detail: string): never {
  fail('invalid_token', detail, undefined, { event: 'token_rejected', reason: kind, detail })
}

/** The class of a jose failure: signature and algorithm problems are forgeries. Pure. */
export function classifyJoseError(err: errors.JOSEError): RejectionClass {
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
