// Customers: pages of the shop's customer_entity in (updated_at, entity_id) order, each written as
// one D1 batch that also moves the watermark, so a crash resumes after the last batch that landed.
import { MAX_TOKEN_TTL_SECONDS } from '../config'
import {
  activeCustomerIds,
  deactivateCustomers,
  deleteCustomer,
  endRefreshFamilies,
  parkCustomerEmail,
  readCustomerCopies,
  runBatch,
  saveWatermark,
  upsertCustomers,
  type Write,
} from './copies'
import { planCustomer, uniqueKey, type CustomerCopy, type CustomerPlan } from './plan-customer'
import type { Progress } from './progress'
import { countHash, type Report } from './report'
import type { Cursor, ShopCustomer, ShopDatabase } from './shop'
import type { SyncDb, SyncTarget } from './target'

export const CUSTOMERS_SOURCE = 'customers'
// A subject stamp must outlive every token issued before it (docs/storage.md): the longest lifetime.
export const STAMP_TTL_SECONDS = MAX_TOKEN_TTL_SECONDS
// The deleted-account sweep compares ids in windows this large (one D1 read, one shop read each).
const SWEEP_WINDOW = 5000

export interface SyncContext {
  shop: ShopDatabase
  db: SyncDb
  target: SyncTarget
  report: Report
  dryRun: boolean
  batchSize: number
  /** Seconds since the epoch (confirmed_at and the not-before stamps). */
  now: () => number
}

/**
 * Reads every customer after `start` and writes what changed. With `saveProgress`, each batch also
 * stores its last row as the watermark. Returns where it ended.
 */
export async function syncCustomers(ctx: SyncContext, start: Cursor, saveProgress: boolean, progress: Progress): Promise<Cursor> {
  let cursor = start
  for (;;) {
    const page = await ctx.shop.customersAfter(cursor, ctx.batchSize)
    if (page.length === 0) return cursor
    const last = page[page.length - 1]!
    const next = { updatedAt: last.updatedAt, lastId: last.id }
    await writePage(ctx, page, saveProgress ? next : null)
    cursor = next
    progress.advance(ctx.report.customers.read)
  }
}

/**
 * Reads every customer with the second factor on again, whatever their updated_at, and writes what
 * changed: whether the shop asks them for it follows its `allow_2fa` config, which changes without
 * touching them, so their copies' `second_factor` follows the config within one run (docs/sync.md).
 * Moves no watermark.
 */
export async function syncSecondFactors(ctx: SyncContext): Promise<void> {
  let after = 0
  for (;;) {
    const page = await ctx.shop.twofaCustomersAfter(after, ctx.batchSize)
    if (page.length === 0) return
    await writePage(ctx, page, null)
    after = page[page.length - 1]!.id
  }
}

/**
 * Deactivates (and revokes) every active copy whose customer the shop no longer has. D1 is read
 * before the shop, so an account created meanwhile (shop first, then D1) is never taken for deleted.
 */
export async function sweepDeletedCustomers(ctx: SyncContext): Promise<void> {
  let after = 0
  for (;;) {
    const ids = await activeCustomerIds(ctx.db, after, SWEEP_WINDOW)
    if (ids.length === 0) return
    const existing = await ctx.shop.existingCustomerIds(ids)
    const gone = ids.filter((id) => !existing.has(id))
    if (gone.length > 0) {
      await write(ctx, gone, [deactivateCustomers(ctx.db, gone, ctx.now())])
      ctx.report.customers.deactivated += gone.length
      ctx.report.customers.revoked += gone.length
    }
    after = ids[ids.length - 1]!
  }
}

async function writePage(ctx: SyncContext, page: ShopCustomer[], watermark: Cursor | null): Promise<void> {
  const { report, db } = ctx
  report.customers.read += page.length
  for (const row of page) countHash(report.customerHashes, row.passwordHash)
  // The page's copies, and any other copy holding one of its emails, in one read.
  const known = await readCustomerCopies(
    db,
    page.map((r) => r.id),
    page.map((r) => r.email),
  )
  const inPage = new Set(page.map((r) => r.id))
  const copies = new Map([...known].filter(([id]) => inPage.has(id)))
  const others = [...known.values()].filter((c) => !inPage.has(c.id))
  const plans = page.map((row) => planCustomer(row, copies.get(row.id)))
  const gone = await resolveEmailConflicts(ctx, plans, copies, others)

  const now = ctx.now()
  const writes: Write[] = gone.map((id) => deleteCustomer(db, id))
  const revoke: number[] = [...gone]
  report.customers.deactivated += gone.length
  const deactivate: number[] = []
  const upserts: CustomerCopy[] = []
  for (const plan of plans) {
    if (plan.kind === 'unchanged') report.customers.unchanged++
    if (plan.kind === 'skip') {
      report.customers.skipped++
      report.skippedRows.push({ kind: 'customer', id: plan.id, reason: plan.reason })
      if (plan.deactivate) deactivate.push(plan.id)
    }
    if (plan.kind !== 'write') continue
    const copy = copies.get(plan.row.id)
    if (copy && uniqueKey(copy.email, copy.websiteId) !== uniqueKey(plan.row.email, plan.row.websiteId)) writes.push(parkCustomerEmail(db, copy.id))
    upserts.push(plan.row)
    report.customers.written++
    report.customers[plan.insert ? 'inserted' : 'updated']++
    if (plan.deactivate) report.customers.deactivated++
    if (plan.revoke) revoke.push(plan.row.id)
  }
  if (upserts.length > 0) writes.push(upsertCustomers(db, upserts, now))
  if (deactivate.length > 0) {
    writes.push(deactivateCustomers(db, deactivate, now))
    report.customers.deactivated += deactivate.length
    revoke.push(...deactivate)
  }
  if (watermark) writes.push(saveWatermark(db, CUSTOMERS_SOURCE, watermark))
  report.customers.revoked += revoke.length
  await write(ctx, revoke, writes)
  if (watermark && !ctx.dryRun) report.watermark = watermark
}

// Revocations are stored before the rows change: a crash in between leaves the old copy, which the
// re-run compares again and revokes again (a second stamp is harmless), never a changed copy whose
// old tokens still work. The refresh families end before the stamp, as in revokeSubject: after the
// stamp no family can mint a token the stamp would not refuse.
async function write(ctx: SyncContext, revokeIds: readonly number[], writes: readonly Write[]): Promise<void> {
  if (ctx.dryRun) return
  if (revokeIds.length > 0) {
    await runBatch(ctx.db, [endRefreshFamilies(ctx.db, revokeIds, ctx.now())])
    await ctx.target.stampSubjects(
      revokeIds.map((id) => `customer_${id}`),
      ctx.now(),
      STAMP_TTL_SECONDS,
    )
  }
  await runBatch(ctx.db, writes)
}

/**
 * Makes the page's emails fit D1's unique (email_key, website_id): a second row of the page
 * with a taken key is skipped; a copy outside the page holding a wanted key is looked up in the
 * shop: gone → its row is deleted (returned), moved → its new row joins the page, still there with
 * the same key → the shop itself holds the email twice: the page's row is skipped.
 */
async function resolveEmailConflicts(ctx: SyncContext, plans: CustomerPlan[], copies: Map<number, CustomerCopy>, others: CustomerCopy[]): Promise<number[]> {
  // Two rows of the page with one key are both the shop's current data: the shop holds the email
  // twice. The row whose copy already has the key keeps it; otherwise the first one does.
  const keyOf = (plan: CustomerPlan): string | null => {
    if (plan.kind === 'write') return uniqueKey(plan.row.email, plan.row.websiteId)
    const copy = plan.kind === 'unchanged' ? copies.get(plan.id) : undefined
    return copy ? uniqueKey(copy.email, copy.websiteId) : null
  }
  const holdsKey = (plan: CustomerPlan): boolean => {
    const copy = copies.get(planId(plan))
    return copy !== undefined && keyOf(plan) === uniqueKey(copy.email, copy.websiteId)
  }
  const wanted = new Map<string, number>()
  const order = plans.map((_, i) => i).sort((a, b) => Number(holdsKey(plans[b]!)) - Number(holdsKey(plans[a]!)) || a - b)
  for (const index of order) {
    const key = keyOf(plans[index]!)
    if (key === null) continue
    const holder = wanted.get(key)
    if (holder === undefined) wanted.set(key, planId(plans[index]!))
    else plans[index] = duplicate(plans[index]!, key, holder, copies)
  }

  const holders = others.filter((h) => wanted.has(uniqueKey(h.email, h.websiteId)))
  if (holders.length === 0) return []
  const shopRows = new Map((await ctx.shop.customersById(holders.map((h) => h.id))).map((r) => [r.id, r]))
  const gone: number[] = []
  for (const holder of holders) {
    const key = uniqueKey(holder.email, holder.websiteId)
    const shopRow = shopRows.get(holder.id)
    if (!shopRow) {
      gone.push(holder.id)
    } else if (uniqueKey(shopRow.email, shopRow.websiteId) === key) {
      const index = plans.findIndex((p) => p.kind === 'write' && p.row.id === wanted.get(key))
      if (index >= 0) plans[index] = duplicate(plans[index]!, key, holder.id, copies)
    } else {
      ctx.report.customers.read++
      copies.set(holder.id, holder)
      plans.push(planCustomer(shopRow, holder))
    }
  }
  return gone
}

function duplicate(plan: CustomerPlan, key: string, holder: number, copies: Map<number, CustomerCopy>): CustomerPlan {
  const id = planId(plan)
  const website = key.slice(0, key.indexOf('|'))
  return { kind: 'skip', id, reason: `duplicate email in website ${website} (customer ${holder} has it)`, deactivate: copies.get(id)?.isActive === true }
}

function planId(plan: CustomerPlan): number {
  return plan.kind === 'write' ? plan.row.id : plan.id
}
