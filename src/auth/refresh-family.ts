import type { RequestContext } from '../context'
import { startFamily } from '../db'
import { deviceLabel } from './device-label'
import { hashRefreshToken, newRefreshToken } from './refresh-token'
import { newJti } from './tokens'

/**
 * Starts the refresh family of a customer login beside the access token it answers (gatehouse's or
 * the shop's), in one D1 batch, and returns the answer's refresh-token fields.
 *
 * @example
 * return { ...answer, ...(await startRefreshFamily(row.id, principal, ctx)) }
 */
export async function startRefreshFamily(
  customerId: number,
  access: { jti: string; exp: number },
  ctx: RequestContext,
): Promise<{ refreshToken: string; refresh_token: string }> {
  const refreshToken = newRefreshToken()
  const { idleSeconds, absoluteSeconds } = ctx.config.sessions
  await startFamily(ctx.env.DB, {
    familyId: newJti(),
    customerId,
    tokenHash: await hashRefreshToken(refreshToken),
    // The shop writes exp with microseconds; the row only needs to outlive the token.
    access: { jti: access.jti, expiresAt: Math.ceil(access.exp) },
    now: Math.floor(ctx.now),
    idleSeconds,
    absoluteSeconds,
    seen: { device: deviceLabel(ctx.client.userAgent), country: ctx.client.country ?? null, city: ctx.client.city ?? null },
  })
  return { refreshToken, refresh_token: refreshToken }
}
