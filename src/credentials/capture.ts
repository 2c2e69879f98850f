import type { Context } from 'hono'
import type { GatehouseEnv } from '../context'
import type { Principal } from '../core'
import type { MatchedRoute } from '../policy'
import { refuseBreachedPassword } from './breached-password'
import { capturedRoute } from './capture-plan'
import { socialSession } from './social-session'
import { readCapturedBody, writeThrough } from './write-through'

/** A request that changes credentials, read once: the bytes to forward, and what to do with the shop's answer. */
export interface Capture {
  /** Exactly the bytes the captured fields were parsed from; the shop gets these. */
  bytes: ArrayBuffer
  /**
   * Keeps the edge copy and the sessions in step with the shop's answer, and returns the answer to
   * send: the shop's (`own: false`), or gatehouse's own session answer to a social sign-in.
   */
  settle(response: Response): Promise<{ response: Response; own: boolean }>
}

/**
 * The gateway's one call for the edge copy (docs/credentials.md, "Write-through"): for a route that
 * changes credentials (registration, password change or reset, email change, social sign-in),
 * reads the body once with the token endpoint's rules, refuses a breached new password before the
 * shop sees it, and hands back how to settle the shop's answer. Undefined for every other route,
 * whose body is never read here.
 *
 * @example
 * const capture = await captureCredentials(route, principal, c)
 * const answer = await forward(capture?.bytes)
 * const { response, own } = capture ? await capture.settle(answer) : { response: answer, own: false }
 */
export function captureCredentials(route: MatchedRoute, principal: Principal | undefined, c: Context<GatehouseEnv>): Promise<Capture> | undefined {
  const captured = capturedRoute(route)
  // Every other route: nothing to wait for (the gateway awaits only a capture).
  if (!captured) return undefined
  return capture(captured, principal, c)
}

async function capture(captured: NonNullable<ReturnType<typeof capturedRoute>>, principal: Principal | undefined, c: Context<GatehouseEnv>): Promise<Capture> {
  const ctx = c.get('ctx')
  const body = await readCapturedBody(c)
  await refuseBreachedPassword(captured, body.value, ctx)
  return {
    bytes: body.bytes,
    async settle(response) {
      // A social sign-in's answer becomes a session at the edge, like a password login's.
      const session = captured === 'social_login' ? await socialSession(c, response) : undefined
      if (session) return { response: session, own: true }
      return { response: await writeThrough({ route: captured, body: body.value, response, principal, ctx }), own: false }
    },
  }
}
