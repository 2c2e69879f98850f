// The accounts the demo shop starts with: every account of the gateway's demo seed
// (seed/demo.sql, same ids and hashes) plus those only the shop has. Every customer password is
// `password123`; customer 3 keeps the shop's legacy salted md5 (`hex:salt`) until it logs in.
import type { apiUsers, customers, customerTwofa } from './schema'

export const SEED_CUSTOMERS: Array<typeof customers.$inferInsert> = [
  {
    id: 1,
    email: 'customer@example.com',
    passwordHash: '$2y$10$nmfs2.xtFiVgLoPNZkGFmutWOAt6RNnshcvycD8H.BaN.qHZJ7USC',
    firstName: 'Jane',
    lastName: 'Doe',
    isActive: true,
  },
  {
    id: 2,
    email: 'other@example.com',
    passwordHash: '$2y$10$2V0NBmhi2C9vdEhNQWhin.cErbB/b6s684p.uowFGrxWwZta7XURC',
    firstName: 'John',
    lastName: 'Roe',
    isActive: true,
  },
  { id: 3, email: 'legacy@example.com', passwordHash: '72d3d4e9bcaf89a84f3a53c741169d96:Xq7', firstName: 'Lee', lastName: 'Gacy', isActive: true },
  {
    id: 4,
    email: 'inactive@example.com',
    passwordHash: '$2y$10$zW9wKrkbPyHKw1jidYzE4.vubTOd7WINWfp8aUMS94TsA2GOxwYX2',
    firstName: 'Ina',
    lastName: 'Active',
    isActive: false,
  },
  // Only in the shop: the gateway learns it through its fallback to the shop's token endpoint.
  {
    id: 5,
    email: 'shop-only@example.com',
    passwordHash: '$2y$10$HkHrlXUfp4Lu/odAFgxMOeSG3Nb9/jbp.rELNsgbPa4aHtQJE8Tey',
    firstName: 'Sam',
    lastName: 'Shop',
    isActive: true,
  },
  // The second factor on (SEED_TWOFA): 6 is also in the gateway's seed, 7 only in the shop.
  {
    id: 6,
    email: 'twofa@example.com',
    passwordHash: '$2y$10$dlxy/9lt6bPGIYbTPE9yYOp30FD6GsQinVDBu3vNYW2XodMt5ZyaC',
    firstName: 'Tina',
    lastName: 'Two',
    isActive: true,
  },
  {
    id: 7,
    email: 'twofa-shop@example.com',
    passwordHash: '$2y$10$PRNvCtTLkPf2QpB37hyKgOKc/Yb7G3giBtLULAjJH6LDOcXyl67zO',
    firstName: 'Theo',
    lastName: 'Shop',
    isActive: true,
  },
]

/** The demo TOTP secret (base32; SHA1, 6 digits, 30 s): any authenticator app takes it. */
export const DEMO_TOTP_SECRET = 'JBSWY3DPEHPK3PXP'

export const SEED_TWOFA: Array<typeof customerTwofa.$inferInsert> = [
  { customerId: 6, secret: DEMO_TOTP_SECRET },
  { customerId: 7, secret: DEMO_TOTP_SECRET },
]

// api_key / client_secret: demo-<username>-key / demo-<username>-secret (bcrypt $2y$).
export const SEED_API_USERS: Array<typeof apiUsers.$inferInsert> = [
  {
    id: 1,
    username: 'admin',
    isActive: true,
    permissions: '["all"]',
    allowedStoreIds: null,
    apiKeyHash: '$2y$10$FQk.MnFqJ2wC7JVsjTHtY.gKUs2nZckTeQ7WIhnDqLx/oaXhnkVfa',
    clientId: 'maho_00000000000000000000000000000001',
    clientSecretHash: '$2y$10$k92V9FMFZOFUJHnb2J4R.OWsRZfjUE7qjevfO0BFz0lhARAhErQQG',
  },
  {
    id: 2,
    username: 'catalog',
    isActive: true,
    permissions: '["products/all","categories/all"]',
    allowedStoreIds: null,
    apiKeyHash: '$2y$10$EK7cpjMkOZ6EWRSZnTbHFOE5qy3YLKsWHa2YhPLAHeHlVL3hb33ua',
    clientId: 'maho_00000000000000000000000000000002',
    clientSecretHash: '$2y$10$P//H3f.NNGW28JrOBDfc.uua6EcbhyzTyOYYRudQq0aTxdSknCl12',
  },
  // Only in the shop.
  {
    id: 3,
    username: 'integration',
    isActive: true,
    permissions: '["orders/read"]',
    allowedStoreIds: null,
    apiKeyHash: '$2y$10$ymZNFeDOwZb68RtSWBJvvOVsQosAMUFzF5eP5fsJtI5/WPKxmddhS',
    clientId: 'maho_00000000000000000000000000000003',
    clientSecretHash: '$2y$10$3aWXGXQtotqKEunA0BWEquvxeafYCIRZjwZ7HkG1F3DxrBBqnYQSm',
  },
]
