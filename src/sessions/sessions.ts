import { GRANTS, revokeSubject, revokeToken, stampFamilyEnd, inBothDialects, issueToken, hashRefreshToken, isRefreshToken, rotationOf } from '../auth'
import { type TokenAnswer, fail } from '../core'
import type { RequestContext } from '../context'
import { endFamily, familyOfAccessToken, familyOfRefreshToken, rotateRefreshToken, type Customer, recordFamilyUse } from '../db'
import { judgeRotation } from './rotation'

/** The tokens of a customer session: a signed access token and its refresh token. */
export interface SessionTokens {
  token: string
  tokenType: 'Bearer'
  expiresIn: number
  /** The opaque refresh token (`ghr_…`), answered as `refreshToken` and `refresh_token`. */
  refreshToken: string
  /** Seconds until the refresh token expires unused (its idle expiry, capped by the family's end). */
  refreshExpiresIn: number
}

// Ending a family writes one KV key per unexpired access token of it (usually one or two). Past this
// many, the customer's subject stamp refuses them all in one write instead (and the customer's other
// sessions' access tokens with them: the safe side).
const MAX_ACCESS_REVOCATIONS = 16

const ENDED_EVENTS = { reuse: 'refresh_token_reused', inactive: 'refresh_account_inactive', ended: 'refresh_family_ended' } as const

/** The answer of a rotation in token mode: the access token and the refresh token in both dialects, then the customer's fields. */
export function sessionAnswer(tokens: SessionTokens, row: Customer): TokenAnswer {
  const { token, expiresIn, refreshToken } = tokens
  return inBothDialects({ token, expiresIn, refreshToken, refresh_token: refreshToken, ...GRANTS.customer.answerFields(row) })
}

/**
 * Exchanges a refresh token for a new access token and a new refresh token (rotation), re-reading
 * the customer (gone or inactive: the family ends). A retry of the same rotation within the grace
 * window answers exactly as the first did (same tokens, byte for byte: both are derived from the
 * presented token). A rotated token used again outside it ends the whole family and revokes its
 * access tokens (RFC 9700 §4.14.2). Every refusal is 400 `invalid_grant` (RFC 6749 §5.2).
 */
export async function rotateSession(refreshToken: string, ctx: RequestContext): Promise<{ tokens: SessionTokens; customer: Customer }> {
  if (!isRefreshToken(refreshToken)) fail('invalid_grant', { detail: 'refresh token is not ghr_ + 43 base64url' })
  const { config } = ctx
  const now = Math.floor(ctx.now)
  const { successor, accessJti } = await rotationOf(refreshToken, config)
  const state = await rotateRefreshToken(ctx.env.DB, {
    tokenHash: await hashRefreshToken(refreshToken),
    successorHash: await hashRefreshToken(successor),
    access: { jti: accessJti, expiresAt: now + config.jwt.ttlSeconds },
    now,
    idleSeconds: config.sessions.idleSeconds,
  })
  const verdict = judgeRotation(state, now, config.sessions.graceSeconds)
  switch (verdict.kind) {
    case 'rotated':
    case 'retry': {
      const { customer, rotatedAt } = verdict
      if (verdict.kind === 'rotated') await recordUse(verdict.familyId, ctx)
      const { answer } = await issueToken(GRANTS.customer.identity(customer), config, rotatedAt, accessJti, verdict.familyId)
      const refreshEnd = Math.min(rotatedAt + config.sessions.idleSeconds, state.family!.expiresAt)
      return { tokens: { ...answer, refreshToken: successor, refreshExpiresIn: refreshEnd - rotatedAt }, customer }
    }
    case 'reuse':
    case 'inactive':
    case 'ended': {
      // Idempotent: an ended family keeps its reason, and its access tokens are revoked (again).
      await endSession(verdict.familyId, verdict.customerId, verdict.kind, ctx)
      const event = ENDED_EVENTS[verdict.kind]
      return fail('invalid_grant', {
        detail: `${event} in family ${verdict.familyId}`,
        event: { event, subject: `customer_${verdict.customerId}`, family: verdict.familyId },
      })
    }
    case 'refused':
      return fail('invalid_grant', { detail: `refresh token ${verdict.reason}`, event: { event: 'refresh_refused', reason: verdict.reason } })
  }
}

/**
 * Ends a family in D1 (no token of it rotates or refreshes again), then stamps its end in KV
 * (`sid:<family id>`, refusing every token that names the family) and revokes its unexpired access
 * tokens (the login's token names no family), all before the caller answers. The KV writes run
 * even when the family had already ended, so a retry after a failed write finishes the job.
 */
export async function endSession(familyId: string, customerId: number, reason: string, ctx: RequestContext): Promise<void> {
  const { accessTokens } = await endFamily(ctx.env.DB, familyId, reason, Math.floor(ctx.now))
  await stampFamilyEnd(ctx, familyId)
  const subject = `customer_${customerId}`
  if (accessTokens.length > MAX_ACCESS_REVOCATIONS) {
    await revokeSubject(ctx, subject)
    return
  }
  await Promise.all(accessTokens.map(({ jti, expiresAt }) => revokeToken(ctx, { jti, subject, iat: 0, exp: expiresAt })))
}

/** Ends the family an access token was issued from, if it was (logout with a Bearer or the access cookie). */
export async function endSessionOfAccessToken(jti: string, customerId: number, ctx: RequestContext): Promise<void> {
  const familyId = await familyOfAccessToken(ctx.env.DB, jti)
  if (familyId) await endSession(familyId, customerId, 'logout', ctx)
}

/**
 * Ends the family of a refresh token, live or already rotated (RFC 7009 revocation); a token of no
 * family ends nothing.
 */
export async function endSessionOfRefreshToken(refreshToken: string, reason: string, ctx: RequestContext): Promise<void> {
  if (!isRefreshToken(refreshToken)) return
  const family = await familyOfRefreshToken(ctx.env.DB, await hashRefreshToken(refreshToken))
  if (family) await endSession(family.id, family.customerId, reason, ctx)
}

// A use of a session, for its list entry (docs/sessions.md): when, and where Cloudflare placed the client.
function recordUse(familyId: string, ctx: RequestContext): Promise<void> {
  return recordFamilyUse(ctx.env.DB, familyId, { now: Math.floor(ctx.now), country: ctx.client.country ?? null, city: ctx.client.city ?? null })
}
