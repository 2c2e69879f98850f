/**
 * The token service's contract: who a token speaks for (Principal), what a client asks for
 * (TokenRequest) and what it gets back (TokenAnswer). Everything that handles tokens speaks these types.
 */

/** The shop's three grants (docs/security.md, "The auth endpoints"). */
export type GrantName = 'customer' | 'client_credentials' | 'api_user'

/** What every token carries whoever it is for. Times are seconds since the epoch. */
interface TokenFacts {
  /** `sub`: `customer_<id>` or `api_user_<id>`. */
  subject: string
  /** 32 lowercase hex characters. */
  jti: string
  /** The shop writes these with microseconds (`1764000000.123456`); ours are whole seconds. */
  iat: number
  exp: number
}

export interface CustomerPrincipal extends TokenFacts {
  type: 'customer'
  customerId: number
  email: string
  /**
   * `sid`: the refresh family the token was minted from (32 hex), on tokens from /auth/refresh and
   * rotations; ending the family refuses every token naming it (src/auth/revocation.ts).
   */
  sid?: string
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
  /** Present only on a token narrowed by `scope` (RFC 6749 §3.3): the permissions asked for, as granted. */
  scope?: readonly string[]
}

/**
 * Who a token speaks for: the one identity type. Claims are built from it and read back into it
 * (src/auth/claims.ts); tokens are issued for it and verified into it (src/auth/tokens.ts).
 */
export type Principal = CustomerPrincipal | ServicePrincipal

/** A principal before it has a token: what a login or refresh knows about the account. */
export type Identity = DistributiveOmit<Principal, keyof TokenFacts>

/** A validated token request: the grant, the login name and secret, and a guest cart if any. */
export interface TokenRequest {
  grant: GrantName
  /** The email (customer), client_id or username the client sent. */
  name: string
  /** The password, client_secret or api_key. */
  secret: string
  /** A customer login's guest cart id (`maskedId`, `cartId` or `guestCartId`): only the shop can merge it. */
  guestCart?: { field: 'maskedId' | 'cartId' | 'guestCartId'; value: unknown }
  /** A service grant's `scope` (RFC 6749 §3.3), read but not yet checked against the account. */
  scope?: string[]
  /** A customer login's second-factor code (`twofa_code`), six digits: only the shop can check it. */
  twofaCode?: string
}

/** The body of a token or refresh answer: the shop's fields and RFC 6749 §5.1's, same values. */
export interface TokenAnswer {
  token: string
  tokenType: 'Bearer'
  expiresIn: number
  access_token: string
  token_type: 'Bearer'
  expires_in: number
  [field: string]: unknown
}

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never
