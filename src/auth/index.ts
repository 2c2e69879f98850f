export { authenticate } from './authenticate'
export type { Principal } from './principal'
export { revokeSubject, revokeSubjectExcept } from './revocation'
export { authRoutes } from './routes'
