// The security-event trail's record of a sync run (docs/operations.md "Security events"): one
// `sync_run` row per run that wrote, with its counts. The accounts a run copied are counted there
// rather than recorded one `account_copied` row each: a full import would write thousands.
import { securityEvents } from '../db'
import { newEventId } from '../events'
import type { Report } from './report'
import type { SyncDb } from './target'

export async function recordSyncRun(db: SyncDb, report: Report, at: number): Promise<void> {
  const detail = {
    mode: report.mode,
    customers: report.customers.written,
    serviceAccounts: report.apiUsers.written,
    deactivated: report.customers.deactivated + report.apiUsers.deactivated,
    revoked: report.customers.revoked + report.apiUsers.revoked,
    failed: report.error !== null,
  }
  await db.insert(securityEvents).values({ id: newEventId(), at, kind: 'sync_run', subject: null, ip: null, requestId: null, detail }).run()
}
