/**
 * Who a verified token speaks for. Built only by the token verifier (src/auth/tokens) from a token
 * whose signature, claims and revocation state have all been checked.
 */
export type Principal = CustomerPrincipal | ServicePrincipal

interface TokenFacts {
  /** `sub`: `customer_<id>` or `api_user_<id>`. */
  subject: string
  /** 32 lowercase hex characters. */
  jti: string
  /** Seconds since the epoch. */
  iat: number
  exp: number
}

export interface CustomerPrincipal extends TokenFacts {
  type: 'customer'
  customerId: number
  email: string
}

/** Both service grants (`client_credentials`, `api_user`) yield this: the shop's `api_user` type. */
export interface ServicePrincipal extends TokenFacts {
  type: 'api_user'
  apiUserId: number
  username: string
  /** `resource/verb`, `resource/all` or `all`. */
  permissions: readonly string[]
  /** Present only when the account is limited to some stores. */
  allowedStoreIds?: readonly number[]
}
