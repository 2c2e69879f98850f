import type { RequestContext } from '../context'
import { claimRefresh, recordFamilyUse } from '../db'
import { GRANTS, REFRESH_GRANT, type AccountRow, type Grant } from './grants'
import { tokenAnswer } from './login'
import { revokeToken } from './revocation'
import { stillHeld } from './scope'
import { newJti, rejectToken } from './tokens'
import type { Principal, TokenAnswer } from '../core'

/**
 * Exchanges a verified token for a new one (new jti, full lifetime), re-reading the account so a
 * deactivated account or changed permissions take effect, and revokes the old jti until its exp.
 * Works for customer and service tokens alike, through the grant table.
 *
 * Order matters: read the account (D1, the nearest replica; a refusal only on the primary's word),
 * claim the old token's one refresh (D1 primary, a conditional write, so two racing refreshes
 * cannot both win, made only while the primary has the account active and the token's refresh
 * family live, recording the new token in the family), revoke the old token
 * (KV), and only then mint the new one.
 * If a store fails the caller gets 503 and no new token exists, so one refresh can never leave
 * two live tokens behind; the worst case (claimed or revoked, then the answer is lost) means
 * logging in again.
 */
export function refreshToken(principal: Principal, ctx: RequestContext): Promise<TokenAnswer> {
  return principal.type === 'customer'
    ? refreshWith(GRANTS[REFRESH_GRANT.customer], principal.customerId, principal, ctx)
    : refreshWith(GRANTS[REFRESH_GRANT.api_user], principal.apiUserId, principal, ctx)
}

async function refreshWith<Row extends AccountRow>(grant: Grant<Row>, id: number, principal: Principal, ctx: RequestContext): Promise<TokenAnswer> {
  const row = await currentAccount(grant, id, ctx)
  if (!row?.isActive) rejectToken('inactive_account', `${principal.subject} is gone or inactive`)
  // A narrowed token stays narrowed, to what the account still holds of its scope.
  const scope = principal.type === 'api_user' && principal.scope ? stillHeld(permissionsOf(grant, row), principal.scope) : undefined
  if (scope?.length === 0) rejectToken('wrong_claims', `${principal.subject} holds none of the token's scope any more`)
  // The claim is made only while the primary has the account active: a replica's copy may not
  // have received a deactivation yet.
  // The new token's jti is chosen first: the claim records it in the old token's refresh family
  // (if any) in the same batch that checks the family is live.
  const next = { jti: newJti(), expiresAt: Math.floor(ctx.now) + ctx.config.jwt.ttlSeconds }
  const claim = await claimRefresh(ctx.env.DB, { jti: principal.jti, exp: principal.exp, next }, ctx.now, grant.active(id))
  if (!claim.active) rejectToken('inactive_account', `${principal.subject} is gone or inactive on the primary`)
  if (claim.family && !claim.family.live) rejectToken('revoked', `${principal.jti} is of refresh family ${claim.family.id}, which has ended`)
  if (!claim.claimed) rejectToken('revoked', `${principal.jti} was already refreshed`)
  await revokeToken(ctx, principal)
  // A customer token from a refresh family stays in it and names it (`sid`): ending the family refuses it too.
  if (claim.family)
    await recordFamilyUse(ctx.env.DB, claim.family.id, { now: Math.floor(ctx.now), country: ctx.client.country ?? null, city: ctx.client.city ?? null })
  return (await tokenAnswer(grant, row, ctx, { jti: next.jti, sid: claim.family?.id, scope })).answer
}

function permissionsOf<Row extends AccountRow>(grant: Grant<Row>, row: Row): readonly string[] {
  const identity = grant.identity(row)
  return identity.type === 'api_user' ? identity.permissions : []
}

// A replica may not hold yet what the primary has just stored (a copy the shop confirmed at a
// login a moment ago, elsewhere): a gone or inactive account is re-read on the primary before the
// refresh is refused. An active account read from a replica is used as read; the claim checks it
// is still active on the primary.
async function currentAccount<Row extends AccountRow>(grant: Grant<Row>, id: number, ctx: RequestContext): Promise<Row | undefined> {
  const near = await grant.findById(ctx.db, id)
  return near?.isActive ? near : grant.findById(ctx.env.DB, id)
}
