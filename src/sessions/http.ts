import type { Context } from 'hono'
import { type TokenAnswer, ACCESS_COOKIE, readCookie, REFRESH_COOKIE, fail } from '../core'
import type { GatehouseEnv } from '../context'
import { clearedSessionCookies, sessionCookies } from './cookies'
import { csrfFacts, csrfProblem } from './csrf'
import { rotateSession, sessionAnswer } from './sessions'

type SessionContext = Context<GatehouseEnv>

// What a cookie-mode body leaves out: every spelling of either token.
const TOKEN_FIELDS: ReadonlySet<string> = new Set(['token', 'tokenType', 'refreshToken', 'refresh_token', 'access_token', 'token_type'])

/** Whether answers to this request go to cookies: its `Origin` is one of COOKIE_ORIGINS. */
export function wantsCookies(c: SessionContext): boolean {
  const origin = c.req.header('Origin')
  return origin !== undefined && c.get('ctx').config.sessions.cookieOrigins.includes(origin)
}

/**
 * Answers a login or a rotation. Token mode: the answer as it is. Cookie mode, for an answer that
 * carries a refresh token (customers only): both tokens go to `HttpOnly` cookies and out of the
 * body in every spelling, which keeps `expiresIn`, `expires_in` and the account fields.
 * `refreshMaxAge` is the refresh token's remaining idle lifetime in seconds.
 */
export function answerTokens(c: SessionContext, answer: TokenAnswer, cookieMode: boolean, refreshMaxAge: number): Response {
  if (!cookieMode || typeof answer.refreshToken !== 'string') return c.json(answer)
  const config = c.get('ctx').config
  const cookies = sessionCookies(
    { accessToken: answer.token, accessMaxAge: answer.expiresIn, refreshToken: answer.refreshToken, refreshMaxAge },
    config.sessions,
  )
  for (const cookie of cookies) c.header('Set-Cookie', cookie, { append: true })
  return c.json(Object.fromEntries(Object.entries(answer).filter(([field]) => !TOKEN_FIELDS.has(field))))
}

/** The refresh cookie's Max-Age after a login: the idle lifetime, capped by the family's end. */
export function loginRefreshMaxAge(c: SessionContext): number {
  const { idleSeconds, absoluteSeconds } = c.get('ctx').config.sessions
  return Math.min(idleSeconds, absoluteSeconds)
}

/** Adds the Set-Cookie headers that drop both session cookies (logout). */
export function clearSessionCookies(c: SessionContext): void {
  for (const cookie of clearedSessionCookies(c.get('ctx').config.sessions)) c.header('Set-Cookie', cookie, { append: true })
}

/**
 * `grant_type=refresh_token` (RFC 6749 §6): rotates the `refresh_token` of the body, or, when the
 * body has none, the refresh cookie (a cookie-authenticated request: the CSRF rule applies, and the
 * answer goes to cookies). `fields` come from a JSON object or a form, already parsed.
 *
 * @example
 * if (fields.grant_type === 'refresh_token') return refreshTokenGrant(c, fields)
 */
export async function refreshTokenGrant(c: SessionContext, fields: Record<string, unknown>): Promise<Response> {
  const fromBody = fields.refresh_token
  if (fromBody !== undefined && (typeof fromBody !== 'string' || fromBody === ''))
    fail('refresh_token_missing', { detail: 'refresh_token is not a non-empty string' })
  const token = fromBody ?? refreshCookie(c)
  if (token === undefined) fail('refresh_token_missing')
  const { tokens, customer } = await rotateSession(token, c.get('ctx'))
  return answerTokens(c, sessionAnswer(tokens, customer), fromBody === undefined || wantsCookies(c), tokens.refreshExpiresIn)
}

/** The refresh cookie's token after the CSRF rule, or undefined when the request has none. */
export function refreshCookie(c: SessionContext): string | undefined {
  const reading = readCookie(c.req.header('Cookie'), REFRESH_COOKIE)
  if (reading === undefined) return undefined
  requireFirstParty(c)
  if ('problem' in reading) return fail('invalid_grant', { detail: 'refresh cookie sent twice', event: { event: 'cookie_refused', cookie: REFRESH_COOKIE } })
  return reading.value
}

/**
 * The `Authorization` value a request stands for: its own header when it has one (an explicit
 * credential wins over the ambient cookie, and needs no CSRF rule), else `Bearer <access cookie>`
 * after the CSRF rule, else undefined.
 */
export function authorizationOf(c: SessionContext): string | undefined {
  const header = c.req.header('Authorization')
  if (header !== undefined) return header
  const reading = readCookie(c.req.header('Cookie'), ACCESS_COOKIE)
  if (reading === undefined) return undefined
  requireFirstParty(c)
  if ('problem' in reading) return fail('invalid_token', { detail: 'access cookie sent twice', event: { event: 'cookie_refused', cookie: ACCESS_COOKIE } })
  return `Bearer ${reading.value}`
}

/** 403 `csrf_refused` unless a cookie-authenticated request passes the CSRF rule (src/sessions/csrf.ts). */
export function requireFirstParty(c: SessionContext): void {
  const problem = csrfProblem(csrfFacts(c.req.raw, new URL(c.req.url)), c.get('ctx').config.sessions)
  if (problem) fail('csrf_refused', { detail: problem, event: { event: 'csrf_refused', method: c.req.method, origin: c.req.header('Origin') ?? null } })
}
