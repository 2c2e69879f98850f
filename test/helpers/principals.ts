import type { CustomerPrincipal, ServicePrincipal } from '../../src/auth/principal'

// Verified principals as the token verifier would build them, for the proxy's unit-level tests.
const facts = { jti: '0123456789abcdef0123456789abcdef', iat: 1_800_000_000, exp: 1_800_003_600 }

export const customerOne: CustomerPrincipal = {
  ...facts,
  type: 'customer',
  subject: 'customer_1',
  customerId: 1,
  email: 'customer@example.com',
}

export const catalogService: ServicePrincipal = {
  ...facts,
  type: 'api_user',
  subject: 'api_user_2',
  apiUserId: 2,
  username: 'catalog',
  permissions: ['products/all', 'categories/all'],
}
