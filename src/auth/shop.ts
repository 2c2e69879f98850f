import type { RequestContext } from '../context'
import { GatehouseError, withTimeout, type Principal, type TokenRequest } from '../core'
import { originTarget } from '../proxy'
import { GRANTS } from './grants'
import { verifyToken } from './tokens'

const TOKEN_PATH = '/api/rest/v2/auth/token'
// The shop's token answers are a few hundred bytes; a larger one is not a token answer.
const MAX_ANSWER_BYTES = 64 * 1024

/** What the shop said to a login: a verified token and its answer, a refusal, or nothing usable. */
export type ShopVerdict =
  | { kind: 'granted'; token: string; principal: Principal; answer: Record<string, unknown> }
  | { kind: 'refused' }
  /** The password was right and the shop wants the second factor: no code (`twofa_required`) or a wrong one (`twofa_invalid`). */
  | { kind: 'second_factor'; refusal: SecondFactorRefusal }
  | { kind: 'unavailable'; detail: string }

/** The shop main line's two second-factor refusals (401), relayed as it gives them. */
export type SecondFactorRefusal = 'twofa_required' | 'twofa_invalid'

/**
 * Sends the login to the shop's own token endpoint through the origin (the `ORIGIN` binding or
 * `ORIGIN_URL`), as JSON with the client's IP in X-Forwarded-For, within ORIGIN_TIMEOUT_MS.
 * 2xx: the shop's token is verified like any Bearer (the one verifier: secret, `iss`/`aud` from
 * the configured lists, fractional dates) and must speak for the kind of account the grant names.
 * 401: refused, or `second_factor` when its `error` is `twofa_required` / `twofa_invalid`.
 * Anything else (unreachable, timeout, another status, an answer that does not verify):
 * unavailable, with a detail for the log. Never throws for the shop's sake.
 *
 * @example
 * const verdict = await askShop(request, ctx, new URL(c.req.url))
 */
export async function askShop(request: TokenRequest, ctx: RequestContext, requestUrl: URL): Promise<ShopVerdict> {
  const target = originTarget(ctx.env, ctx.config, TOKEN_PATH, requestUrl)
  const headers = new Headers({ 'Content-Type': 'application/json', Accept: 'application/json', 'X-Request-Id': ctx.requestId })
  if (ctx.clientIp) headers.set('X-Forwarded-For', ctx.clientIp)
  const controller = new AbortController()
  const init = { method: 'POST', headers, body: JSON.stringify(shopBody(request)), redirect: 'manual', signal: controller.signal } as const
  let response: Response
  try {
    response = await withTimeout(target.fetcher.fetch(new Request(target.url, init)), ctx.config.origin.timeoutMs, 'shop login', controller)
  } catch (err) {
    return { kind: 'unavailable', detail: String(err) }
  }
  if (response.status === 401) return readRefusal(response)
  if (response.status < 200 || response.status > 299) {
    await response.body?.cancel()
    return { kind: 'unavailable', detail: `shop answered ${response.status}` }
  }
  return readGrant(request, response, ctx)
}

// The grant as the shop reads it: its own field names, and a customer's guest cart as sent.
function shopBody(request: TokenRequest): Record<string, unknown> {
  const { fields } = GRANTS[request.grant]
  const body: Record<string, unknown> = { grant_type: request.grant, [fields.name]: request.name, [fields.secret]: request.secret }
  if (request.guestCart) body[request.guestCart.field] = request.guestCart.value
  // As a string: the shop reads a string or a number, and only a string keeps a leading zero.
  if (request.twofaCode !== undefined) body.twofa_code = request.twofaCode
  return body
}

// The shop's 401 body names its refusal (`{"error": "twofa_required", …}`); anything unreadable
// or any other code is the grant's plain refusal.
async function readRefusal(response: Response): Promise<ShopVerdict> {
  const text = await readCapped(response)
  let error: unknown
  try {
    error = (JSON.parse(text ?? '') as { error?: unknown } | null)?.error
  } catch {
    error = undefined
  }
  return error === 'twofa_required' || error === 'twofa_invalid' ? { kind: 'second_factor', refusal: error } : { kind: 'refused' }
}

// The answer's text, or undefined past MAX_ANSWER_BYTES (the rest is cancelled unread).
async function readCapped(response: Response): Promise<string | undefined> {
  const declared = Number(response.headers.get('Content-Length') ?? '0')
  if (declared > MAX_ANSWER_BYTES) {
    await response.body?.cancel()
    return undefined
  }
  const text = await response.text()
  return text.length > MAX_ANSWER_BYTES ? undefined : text
}

async function readGrant(request: TokenRequest, response: Response, ctx: RequestContext): Promise<ShopVerdict> {
  const text = await readCapped(response)
  if (text === undefined) return { kind: 'unavailable', detail: 'shop answer over 64 KiB' }
  let answer: unknown
  try {
    answer = JSON.parse(text)
  } catch {
    return { kind: 'unavailable', detail: 'shop answer is not JSON' }
  }
  if (typeof answer !== 'object' || answer === null || Array.isArray(answer)) return { kind: 'unavailable', detail: 'shop answer is not an object' }
  const { token } = answer as Record<string, unknown>
  if (typeof token !== 'string') return { kind: 'unavailable', detail: 'shop answer has no token' }
  let principal: Principal
  try {
    // Verified at the time the answer arrived: the shop minted it after this request began.
    principal = await verifyToken(token, ctx.config, Math.max(ctx.now, Date.now() / 1000))
  } catch (err) {
    if (err instanceof GatehouseError) return { kind: 'unavailable', detail: `shop token refused: ${err.detail ?? err.reason}` }
    throw err
  }
  const expected = request.grant === 'customer' ? 'customer' : 'api_user'
  if (principal.type !== expected) return { kind: 'unavailable', detail: `shop token is for a ${principal.type}, not a ${expected}` }
  return { kind: 'granted', token, principal, answer: answer as Record<string, unknown> }
}
