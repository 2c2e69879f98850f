// The sync of the edge copy from the shop's database (docs/sync.md): the run and its parts, shared by
// `npm run sync` (scripts/sync/) and the sync Worker (worker.ts, wrangler.sync.toml).
export { d1Target } from './d1-target'
export { exitCode, SyncError, type SyncFailure } from './errors'
export { type Progress, QUIET } from './progress'
export { confirmAgeOf } from './reconfirm'
export { formatReport, type Report } from './report'
export { syncEdgeCopy, type SyncPlan, type SyncResult } from './run'
export { ShopDatabase, TABLE_PREFIX } from './shop'
export { MAX_BATCH_SIZE, type Statement, type SyncTarget, targetDb } from './target'
