import type { Context } from 'hono'
import { inBothDialects, verifyToken, startRefreshFamily } from '../auth'
import type { GatehouseEnv } from '../context'
import { ensureCustomerRow } from '../db'
import { fail } from '../core'
import { answerTokens, loginRefreshMaxAge, wantsCookies } from '../sessions'

/**
 * After the shop signed a customer in with a social provider (`POST /customers/social-auth`, 2xx):
 * the customer token it answered is verified like any shop token (signed with the shared secret), a refresh family is started beside it, and the answer goes out like a password login's:
 * in token mode the shop's body in both dialects plus the refresh token, in cookie mode the same
 * `__Host-` cookies and a body without either token (docs/sessions.md). Anything but a 2xx passes
 * through untouched (undefined). A 2xx whose token the edge cannot verify is 502: a cookie-mode
 * page must never receive the token in its body. D1 failing is a thrown 503, as for a login.
 *
 * @example
 * const session = captured === 'social_login' ? await socialSession(c, forwarded) : undefined
 */
export async function socialSession(c: Context<GatehouseEnv>, response: Response): Promise<Response | undefined> {
  if (response.status < 200 || response.status > 299) return undefined
  const ctx = c.get('ctx')
  const answer = await readAnswer(response)
  const token = isObject(answer) && typeof answer.token === 'string' ? answer.token : undefined
  if (!isObject(answer) || token === undefined) return fail('shop_answer_unusable', { detail: 'social sign-in answer is not an object with a token' })
  // Verified at the time the answer arrived (the shop minted it after this request began), as the
  // login fallback verifies the shop's tokens.
  const principal = await verifyToken(token, ctx.config, Math.max(ctx.now, Date.now() / 1000)).catch(() => undefined)
  if (principal?.type !== 'customer') return fail('shop_answer_unusable', { detail: 'social sign-in token does not verify as a customer token' })

  const customer = isObject(answer.customer) ? answer.customer : {}
  const row = {
    id: principal.customerId,
    email: principal.email,
    firstName: typeof customer.firstName === 'string' ? customer.firstName : '',
    lastName: typeof customer.lastName === 'string' ? customer.lastName : '',
    websiteId: ctx.config.shop.defaultWebsiteId,
  }
  // The family's rotations re-read the customer's D1 row, so there must be one.
  await ensureCustomerRow(ctx.env.DB, row)
  const session = await startRefreshFamily(principal.customerId, principal, ctx)
  const expiresIn = Math.max(0, Math.floor(principal.exp - ctx.now))
  return answerTokens(c, inBothDialects({ ...answer, token, expiresIn, ...session }), wantsCookies(c), loginRefreshMaxAge(c))
}

// As the login fallback reads the shop's token answers: at most 64 KiB of JSON.
const MAX_ANSWER_BYTES = 64 * 1024

async function readAnswer(response: Response): Promise<unknown> {
  const text = await response.text()
  if (text.length > MAX_ANSWER_BYTES) return undefined
  try {
    return JSON.parse(text)
  } catch {
    return undefined
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}
