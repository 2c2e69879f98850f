// The token service: the auth routes, the one authenticator, and the contract types.
export { authenticate } from './authenticate'
export { revokeSubject } from './revocation'
export { authRoutes } from './routes'
export type { CustomerPrincipal, GrantName, Principal, ServicePrincipal, TokenAnswer, TokenRequest } from './types'
export { readBearer } from './authenticate'
export { limitDoorByIp } from './rate-limit'
export { limitBodyTo } from './request-body'
export { revokeAtShop } from './shop-logout'
