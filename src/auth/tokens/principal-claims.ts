import type { JWTPayload } from 'jose'
import type { Principal } from '../principal'
import { JTI_PATTERN } from './jti'

export type ClaimsReading = { principal: Principal } | { problem: string }

/**
 * Turns the claims of a signature-checked token into a Principal, checking the shop's
 * type-specific rules: `sub` agrees with the numeric id, `type` is one of
 * the two the shop issues. Pure.
 */
export function readPrincipal(claims: JWTPayload): ClaimsReading {
  const { jti, sub, iat, exp } = claims
  if (typeof jti !== 'string' || !JTI_PATTERN.test(jti)) return { problem: 'jti is not 32 lowercase hex' }
  if (typeof sub !== 'string') return { problem: 'sub is not a string' }
  if (!isNumericDate(iat) || !isNumericDate(exp)) return { problem: 'iat/exp are not whole seconds' }
  const facts = { subject: sub, jti, iat, exp }

  switch (claims.type) {
    case 'customer': {
      const id = claims.customer_id
      if (!isId(id)) return { problem: 'customer_id is not a positive integer' }
      if (sub !== `customer_${id}`) return { problem: 'sub does not match customer_id' }
      if (typeof claims.email !== 'string') return { problem: 'email is not a string' }
      return { principal: { ...facts, type: 'customer', customerId: id, email: claims.email } }
    }
    case 'api_user': {
      const id = claims.api_user_id
      if (!isId(id)) return { problem: 'api_user_id is not a positive integer' }
      if (sub !== `api_user_${id}`) return { problem: 'sub does not match api_user_id' }
      if (typeof claims.username !== 'string') return { problem: 'username is not a string' }
      const permissions = claims.permissions
      if (!isArrayOf<string>(permissions, (p) => typeof p === 'string')) return { problem: 'permissions is not a string array' }
      const stores = claims.allowed_store_ids
      if (stores !== undefined && stores !== null && !isArrayOf<number>(stores, isStoreId)) {
        return { problem: 'allowed_store_ids is not an integer array' }
      }
      return {
        principal: {
          ...facts,
          type: 'api_user',
          apiUserId: id,
          username: claims.username,
          permissions,
          ...(stores ? { allowedStoreIds: stores } : {}),
        },
      }
    }
    default:
      return { problem: 'type is neither customer nor api_user' }
  }
}

function isId(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value > 0
}

function isStoreId(value: unknown): boolean {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0
}

function isNumericDate(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value)
}

function isArrayOf<T>(value: unknown, check: (item: unknown) => boolean): value is T[] {
  return Array.isArray(value) && value.every(check)
}
