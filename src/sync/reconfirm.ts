// The end of a complete run: every copy the sync tracks was compared with the shop's row (read this
// run, or unchanged in the shop since the watermark), so each is as confirmed as if just written.
// Without this, copies the shop never changes would outlive SHOP_CONFIRM_AGE_SECONDS a day after
// the import and send their logins to the shop (docs/credentials.md).
import { and, isNotNull, lt, or } from 'drizzle-orm'
import { DEFAULT_CONFIRM_AGE_SECONDS } from '../config'
import { customers, serviceAccounts } from '../db'
import type { SyncDb } from './target'

export interface Reconfirmed {
  customers: number
  apiUsers: number
}

/**
 * Sets `confirmed_at` to `runStart` on the copies the sync tracks (a recorded shop hash) whose
 * confirmation is older than half of `confirmAgeSeconds`. D1 bills rows written: a cron every few
 * minutes rewrites each row about twice per confirmation age, not on every run. A NULL
 * `confirmed_at` ("ask the shop first", set by the gateway) stays NULL.
 */
export async function reconfirmCopies(db: SyncDb, runStart: number, confirmAgeSeconds: number): Promise<Reconfirmed> {
  const staleBefore = runStart - Math.floor(confirmAgeSeconds / 2)
  const customerRows = await db
    .update(customers)
    .set({ confirmedAt: runStart })
    .where(and(isNotNull(customers.shopPasswordHash), isNotNull(customers.confirmedAt), lt(customers.confirmedAt, staleBefore)))
    .returning({ id: customers.id })
  const tracked = or(isNotNull(serviceAccounts.shopApiKeyHash), isNotNull(serviceAccounts.shopClientSecretHash))
  const serviceRows = await db
    .update(serviceAccounts)
    .set({ confirmedAt: runStart })
    .where(and(tracked, isNotNull(serviceAccounts.confirmedAt), lt(serviceAccounts.confirmedAt, staleBefore)))
    .returning({ id: serviceAccounts.id })
  return { customers: customerRows.length, apiUsers: serviceRows.length }
}

/**
 * The confirmation age a sync is given (`--confirm-age`, or the sync Worker's
 * SHOP_CONFIRM_AGE_SECONDS) as the gateway reads its own: absent, the gateway's default; else a
 * whole number of seconds, or undefined when it is not one.
 */
export function confirmAgeOf(text: string | undefined): number | undefined {
  if (text === undefined) return DEFAULT_CONFIRM_AGE_SECONDS
  return /^[1-9][0-9]{0,8}$/.test(text) ? Number(text) : undefined
}
