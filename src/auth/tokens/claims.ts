import type { Config } from '../../config'

/** What a token is issued for: a customer, or a service account (either service grant). */
export type TokenAccount =
  | { type: 'customer'; id: number; email: string }
  | {
      type: 'api_user'
      id: number
      username: string
      permissions: readonly string[]
      /** null: every store. */
      allowedStoreIds: readonly number[] | null
    }

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
}

export interface ServiceClaims extends RegisteredClaims {
  api_user_id: number
  username: string
  type: 'api_user'
  roles: []
  permissions: string[]
  allowed_store_ids?: number[]
}

export type TokenClaims = CustomerClaims | ServiceClaims

/**
 * The claims the shop itself puts in its tokens (docs/security.md, "Tokens"), so that the
 * shop accepts ours. Pure: `now` is seconds since the epoch; `jti` comes from `newJti()`.
 *
 * @example
 * buildClaims({ type: 'customer', id: 1, email: 'a@b.c' }, config, 1_700_000_000, newJti())
 */
export function buildClaims(account: TokenAccount, config: Config, now: number, jti: string): TokenClaims {
  const iat = Math.floor(now)
  const registered = {
    iss: config.jwt.issuer,
    aud: config.jwt.audience,
    jti,
    iat,
    nbf: iat,
    exp: iat + config.jwt.ttlSeconds,
  }
  if (account.type === 'customer') {
    return {
      ...registered,
      sub: `customer_${account.id}`,
      customer_id: account.id,
      email: account.email,
      type: 'customer',
      roles: ['ROLE_CUSTOMER'],
    }
  }
  return {
    ...registered,
    sub: `api_user_${account.id}`,
    api_user_id: account.id,
    username: account.username,
    type: 'api_user',
    roles: [],
    permissions: [...account.permissions],
    ...(account.allowedStoreIds ? { allowed_store_ids: [...account.allowedStoreIds] } : {}),
  }
}
