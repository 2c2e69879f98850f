export { authenticate } from './authenticate'
export type { Principal } from './principal'
export { revokeSubject } from './revocation'
export { authRoutes } from './routes'
