import type { CustomerPrincipal, ServicePrincipal } from '../../src/core/contract'

const facts = { jti: '0123456789abcdef0123456789abcdef', iat: 1_900_000_000, exp: 1_900_003_600 }

export function customer(customerId: number): CustomerPrincipal {
  return { ...facts, type: 'customer', subject: `customer_${customerId}`, customerId, email: `c${customerId}@example.com` }
}

export function service(permissions: readonly string[]): ServicePrincipal {
  return { ...facts, type: 'api_user', subject: 'api_user_9', apiUserId: 9, username: 'svc', permissions }
}
