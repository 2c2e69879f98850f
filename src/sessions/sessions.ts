import { customerAccount } from '../auth/accounts'
import { revokeSubject, revokeToken } from '../auth/revocation'
import { buildClaims, newJti, signToken } from '../auth/tokens'
import type { Config } from '../config'
import { endCustomerFamilies, endFamily, familyOfAccessToken, rotateRefreshToken, startFamily } from '../db/refresh-tokens'
import type { Customer } from '../db/schema'
import type { Env } from '../env'
import { fail } from '../errors'
import { logEvent } from '../log'
import { hashRefreshToken, newRefreshToken, REFRESH_TOKEN_PATTERN, rotationOf } from './refresh-token'
import { judgeRotation } from './rotation'

/** The tokens of a customer session: a signed access token and its refresh token. */
export interface SessionTokens {
  token: string
  tokenType: 'Bearer'
  expiresIn: number
  refreshToken: string
  /** Seconds until the refresh token expires unused (its idle expiry, capped by the family's end). */
  refreshExpiresIn: number
}

// Ending a family writes one KV key per unexpired access token of it (usually one or two). Past this
// many, the customer's subject stamp refuses them all in one write instead (and the customer's other
// sessions' access tokens with them: the safe side).
const MAX_ACCESS_REVOCATIONS = 16

/**
 * Issues the access token of a customer login and starts its refresh family (one D1 batch).
 * `now` is seconds since the epoch.
 *
 * @example
 * const tokens = await startSession(row, env, config, Date.now() / 1000)
 */
export async function startSession(row: Customer, env: Env, config: Config, now: number): Promise<SessionTokens> {
  const t = Math.floor(now)
  const jti = newJti()
  const token = await signToken(buildClaims(customerAccount(row), config, t, jti), config)
  const refreshToken = newRefreshToken()
  const { idleSeconds, absoluteSeconds } = config.sessions
  await startFamily(env.DB, {
    familyId: newJti(),
    customerId: row.id,
    tokenHash: await hashRefreshToken(refreshToken),
    access: { jti, expiresAt: t + config.jwt.ttlSeconds },
    now: t,
    idleSeconds,
    absoluteSeconds,
  })
  return { token, tokenType: 'Bearer', expiresIn: config.jwt.ttlSeconds, refreshToken, refreshExpiresIn: Math.min(idleSeconds, absoluteSeconds) }
}

/**
 * Exchanges a refresh token for a new access token and a new refresh token (rotation), re-reading
 * the customer (gone or inactive: the family ends). A retry of the same rotation within the grace
 * window answers exactly as the first did (same tokens, byte for byte: both are derived from the
 * presented token). A rotated token used again outside it ends the whole family and revokes its
 * access tokens (RFC 9700 §4.14.2). Every refusal is 400 `invalid_grant` (RFC 6749 §5.2).
 */
export async function rotateSession(refreshToken: string, env: Env, config: Config, now: number): Promise<{ tokens: SessionTokens; customer: Customer }> {
  if (!REFRESH_TOKEN_PATTERN.test(refreshToken)) fail('invalid_grant', 'refresh token is not ghr_ + 43 base64url')
  const t = Math.floor(now)
  const { successor, accessJti } = await rotationOf(refreshToken, config)
  const state = await rotateRefreshToken(env.DB, {
    tokenHash: await hashRefreshToken(refreshToken),
    successorHash: await hashRefreshToken(successor),
    access: { jti: accessJti, expiresAt: t + config.jwt.ttlSeconds },
    now: t,
    idleSeconds: config.sessions.idleSeconds,
  })
  const verdict = judgeRotation(state, t, config.sessions.graceSeconds)
  switch (verdict.kind) {
    case 'rotated':
    case 'retry': {
      const { customer, rotatedAt } = verdict
      const token = await signToken(buildClaims(customerAccount(customer), config, rotatedAt, accessJti), config)
      const refreshEnd = Math.min(rotatedAt + config.sessions.idleSeconds, state.family!.expiresAt)
      const tokens: SessionTokens = { token, tokenType: 'Bearer', expiresIn: config.jwt.ttlSeconds, refreshToken: successor, refreshExpiresIn: refreshEnd - rotatedAt }
      return { tokens, customer }
    }
    case 'reuse':
    case 'inactive': {
      await endSession(verdict.familyId, verdict.customerId, verdict.kind, env, config, now)
      const event = verdict.kind === 'reuse' ? 'refresh_token_reused' : 'refresh_account_inactive'
      return fail('invalid_grant', `${event} in family ${verdict.familyId}`, undefined, { event, subject: `customer_${verdict.customerId}`, family: verdict.familyId })
    }
    case 'refused':
      return fail('invalid_grant', `refresh token ${verdict.reason}`, undefined, { event: 'refresh_refused', reason: verdict.reason })
  }
}

/**
 * Ends a family in D1 (no token of it rotates again), then revokes its unexpired access tokens in
 * KV, both before the caller answers. The KV writes run even when the family had already ended, so
 * a retry after a failed write finishes the job.
 */
export async function endSession(familyId: string, customerId: number, reason: string, env: Env, config: Config, now: number): Promise<void> {
  const { accessTokens } = await endFamily(env.DB, familyId, reason, Math.floor(now))
  const subject = `customer_${customerId}`
  if (accessTokens.length > MAX_ACCESS_REVOCATIONS) {
    await revokeSubject(env.REVOKED, subject, now, config.kv.timeoutMs)
    return
  }
  await Promise.all(accessTokens.map(({ jti, expiresAt }) => revokeToken(env.REVOKED, { jti, subject, iat: 0, exp: expiresAt }, now, config.kv.timeoutMs)))
}

/** Ends the family an access token was issued from, if it was (logout with a Bearer or the access cookie). */
export async function endSessionOfAccessToken(jti: string, customerId: number, env: Env, config: Config, now: number): Promise<void> {
  const familyId = await familyOfAccessToken(env.DB, jti)
  if (familyId) await endSession(familyId, customerId, 'logout', env, config, now)
}

/**
 * Ends every refresh family of a customer in D1, but the one `keepAccessJti` belongs to. Called by
 * every path that stamps the subject in KV (logout everywhere, password change or reset), before the
 * stamp: the stamp refuses the families' access tokens, and no family can mint a new one after it.
 */
export async function endCustomerSessions(customerId: number, reason: string, env: Env, now: number, keepAccessJti?: string): Promise<void> {
  const ended = await endCustomerFamilies(env.DB, customerId, reason, Math.floor(now), keepAccessJti)
  if (ended > 0) logEvent({ event: 'refresh_families_ended', subject: `customer_${customerId}`, reason, families: ended })
}
