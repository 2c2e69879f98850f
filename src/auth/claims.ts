import { ok, refused, type Result, type Principal } from '../core'

/** The shop's jti format: 32 lowercase hex characters. */
export const JTI_PATTERN = /^[0-9a-f]{32}$/

interface RegisteredClaims {
  iss: string
  aud: string
  jti: string
  sub: string
  iat: number
  nbf: number
  exp: number
}

export interface CustomerClaims extends RegisteredClaims {
  customer_id: number
  email: string
  type: 'customer'
  roles: ['ROLE_CUSTOMER']
  /** OIDC's session id claim: the refresh family. The shop reads a fixed list of claims and ignores it. */
  sid?: string
}

export interface ServiceClaims extends RegisteredClaims {
  api_user_id: number
  username: string
  type: 'api_user'
  roles: []
  permissions: string[]
  allowed_store_ids?: number[]
  /** RFC 9068 §2.2.3: the space-separated scope of a narrowed token; its `permissions` are the same list. */
  scope?: string
}

export type TokenClaims = CustomerClaims | ServiceClaims

/**
 * The claims the shop itself puts in its tokens (docs/security.md, "Tokens"), so that the shop
 * accepts ours. Pure; `principalOf(claimsOf(p, signer))` is `p` again.
 *
 * @example
 * claimsOf(principal, { issuer: 'https://shop.example.com/', audience: 'maho-api' })
 */
export function claimsOf(principal: Principal, signer: { issuer: string; audience: string }): TokenClaims {
  const registered = {
    iss: signer.issuer,
    aud: signer.audience,
    jti: principal.jti,
    sub: principal.subject,
    iat: principal.iat,
    nbf: principal.iat,
    exp: principal.exp,
  }
  if (principal.type === 'customer') {
    const sid = principal.sid === undefined ? {} : { sid: principal.sid }
    return { ...registered, customer_id: principal.customerId, email: principal.email, type: 'customer', roles: ['ROLE_CUSTOMER'], ...sid }
  }
  return {
    ...registered,
    api_user_id: principal.apiUserId,
    username: principal.username,
    type: 'api_user',
    roles: [],
    permissions: [...principal.permissions],
    ...(principal.allowedStoreIds ? { allowed_store_ids: [...principal.allowedStoreIds] } : {}),
    ...(principal.scope ? { scope: principal.scope.join(' ') } : {}),
  }
}

/**
 * Reads the claims of a signature-checked token back into a Principal, checking the shop's
 * type-specific rules: `sub` agrees with the numeric id, `type` is one of the two the shop issues.
 * NumericDates may carry fractions, as the shop's own library writes them. Pure.
 */
export function principalOf(claims: Record<string, unknown>): Result<Principal> {
  const { jti, sub, iat, exp } = claims
  if (typeof jti !== 'string' || !JTI_PATTERN.test(jti)) return refused('jti is not 32 lowercase hex')
  if (typeof sub !== 'string') return refused('sub is not a string')
  if (!isNumericDate(iat) || !isNumericDate(exp)) return refused('iat/exp are not NumericDates')
  const facts = { subject: sub, jti, iat, exp }

  switch (claims.type) {
    case 'customer': {
      const id = claims.customer_id
      if (!isId(id)) return refused('customer_id is not a positive integer')
      if (sub !== `customer_${id}`) return refused('sub does not match customer_id')
      if (typeof claims.email !== 'string') return refused('email is not a string')
      const { sid } = claims
      if (sid !== undefined && (typeof sid !== 'string' || !JTI_PATTERN.test(sid))) return refused('sid is not 32 lowercase hex')
      return ok({ ...facts, type: 'customer', customerId: id, email: claims.email, ...(sid === undefined ? {} : { sid }) })
    }
    case 'api_user': {
      const id = claims.api_user_id
      if (!isId(id)) return refused('api_user_id is not a positive integer')
      if (sub !== `api_user_${id}`) return refused('sub does not match api_user_id')
      if (typeof claims.username !== 'string') return refused('username is not a string')
      const permissions = claims.permissions
      if (!isArrayOf<string>(permissions, (p) => typeof p === 'string')) return refused('permissions is not a string array')
      const stores = claims.allowed_store_ids
      if (stores !== undefined && stores !== null && !isArrayOf<number>(stores, isStoreId)) return refused('allowed_store_ids is not an integer array')
      const scope = claims.scope
      if (scope !== undefined && (typeof scope !== 'string' || scope === '')) return refused('scope is not a non-empty string')
      return ok({
        ...facts,
        type: 'api_user',
        apiUserId: id,
        username: claims.username,
        permissions,
        ...(stores ? { allowedStoreIds: stores } : {}),
        ...(scope ? { scope: scope.split(' ') } : {}),
      })
    }
    default:
      return refused('type is neither customer nor api_user')
  }
}

function isId(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value > 0
}

function isStoreId(value: unknown): boolean {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0
}

// RFC 7519 §2: a NumericDate is a JSON number of seconds, "non-integer values can be represented".
function isNumericDate(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0
}

function isArrayOf<T>(value: unknown, check: (item: unknown) => boolean): value is T[] {
  return Array.isArray(value) && value.every(check)
}
