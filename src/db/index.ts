export {
  findCustomerById,
  findCustomersByEmail,
  findServiceByClientId,
  findServiceById,
  findServiceByUsername,
  stillActive,
  stillVerified,
  storeApiKeyHash,
  storeClientSecretHash,
  storeCustomerPasswordHash,
} from './accounts'
export { countAttempts } from './checkout-attempts'
export { orm, query, type D1Handle } from './client'
export { edgeCopyFigures, type EdgeCopyFigures, type LastSync } from './edge-copy'
export { ensureCustomerRow, markSecondFactor, upsertCustomerCopy, upsertServiceCopy } from './copies'
export { listSecurityEvents, recordSecurityEvent, type EventQuery } from './events'
export { lockKey, lockWait, recordCopySuccess, recordFailure, recordSuccess } from './lockout'
export {
  endCustomerFamilies,
  endFamily,
  familyOfAccessToken,
  familyOfRefreshToken,
  rotateRefreshToken,
  startFamily,
  type RotationState,
} from './refresh-tokens'
export { claimRefresh } from './refreshed-tokens'
export { addRefusalCounts, refusalSummary, type RefusalCount, type RefusalSummary } from './refusals'
export { customers, refreshFamilies, securityEvents, serviceAccounts, syncState, type Customer, type ServiceAccount } from './schema'
export { liveFamilies, recordFamilyUse, type LiveFamily } from './session-list'
export { openSession, sessionConstraint } from './session'
export { pruneExpired, type Pruned } from './upkeep'
