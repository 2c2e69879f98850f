// The token service: the auth routes, the one authenticator, and the contract types.
export { authenticate } from './authenticate'
export { clientBucket } from './rate-limit'
export { revokeSubject } from './revocation'
export { authRoutes } from './routes'
export type { CustomerPrincipal, GrantName, Principal, ServicePrincipal, TokenAnswer, TokenRequest } from './types'
