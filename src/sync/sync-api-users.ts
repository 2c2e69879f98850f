// API users: few enough to compare all of them every run, which also catches what `modified` does
// not record (a role or rule changed in api_role/api_rule). One D1 batch for all of them.
import { deactivateServiceAccounts, readServiceCopies, releaseServiceNames, runBatch, upsertServiceAccount, type Write } from './copies'
import { planApiUser } from './plan-api-user'
import { countHash } from './report'
import { STAMP_TTL_SECONDS, type SyncContext } from './sync-customers'

export async function syncApiUsers(ctx: SyncContext): Promise<void> {
  const { db, report } = ctx
  const counts = report.apiUsers
  // D1 before the shop: an account created in between (shop first, then D1) never looks deleted.
  const copies = await readServiceCopies(db)
  const users = await ctx.shop.apiUsers()
  const now = ctx.now()
  const writes: Write[] = []
  const upserts: Write[] = []
  const revoke: number[] = []
  const deactivate: number[] = []

  counts.read = users.length
  for (const user of users) {
    countHash(report.apiUserHashes, user.apiKeyHash)
    countHash(report.apiUserHashes, user.clientSecretHash)
    const plan = planApiUser(user, copies.get(user.id))
    if (plan.kind === 'unchanged') counts.unchanged++
    if (plan.kind === 'skip') {
      counts.skipped++
      report.skippedRows.push({ kind: 'api_user', id: plan.id, reason: plan.reason })
      if (plan.deactivate) deactivate.push(plan.id)
    }
    if (plan.kind !== 'write') continue
    writes.push(...releaseServiceNames(db, plan.row))
    upserts.push(upsertServiceAccount(db, plan.row, now))
    counts.written++
    counts[plan.insert ? 'inserted' : 'updated']++
    if (plan.deactivate) counts.deactivated++
    if (plan.revoke) revoke.push(plan.row.id)
  }
  // Accounts the shop no longer has. Only copies the shop once confirmed (confirmed_at set): a row
  // the shop never vouched for is not the sync's to judge.
  const inShop = new Set(users.map((u) => u.id))
  for (const copy of copies.values()) {
    if (copy.isActive && !inShop.has(copy.id) && copy.confirmedAt !== null) deactivate.push(copy.id)
  }
  writes.push(...upserts)
  if (deactivate.length > 0) writes.push(deactivateServiceAccounts(db, deactivate, now))
  counts.deactivated += deactivate.length
  revoke.push(...deactivate)
  counts.revoked = revoke.length
  if (ctx.dryRun) return
  if (revoke.length > 0)
    await ctx.target.stampSubjects(
      revoke.map((id) => `api_user_${id}`),
      ctx.now(),
      STAMP_TTL_SECONDS,
    )
  await runBatch(db, writes)
}
