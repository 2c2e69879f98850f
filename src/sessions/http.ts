import type { Context } from 'hono'
import { customerView } from '../auth/accounts'
import type { Config } from '../config'
import type { GatehouseEnv } from '../context'
import type { Env } from '../env'
import { fail } from '../errors'
import { ACCESS_COOKIE, clearedSessionCookies, readCookie, REFRESH_COOKIE, sessionCookies } from './cookies'
import { csrfFacts, csrfProblem } from './csrf'
import { rotateSession, type SessionTokens } from './sessions'

// Any app whose bindings are gatehouse's (the auth routes', the gateway's).
type SessionContext = Context<GatehouseEnv>

/** Whether answers to this request go to cookies: its `Origin` is one of COOKIE_ORIGINS. */
export function wantsCookies(c: SessionContext, config: Config): boolean {
  const origin = c.req.header('Origin')
  return origin !== undefined && config.sessions.cookieOrigins.includes(origin)
}

/**
 * The answer of a login or a rotation. Token mode: the tokens in the body (the shop's `token`,
 * and the refresh token as `refreshToken` and RFC 6749's `refresh_token`). Cookie mode: the tokens
 * only in `HttpOnly` cookies, the body keeps `expiresIn` and the account fields.
 */
export function answerSession(c: SessionContext, tokens: SessionTokens, fields: Record<string, unknown>, cookieMode: boolean, config: Config): Response {
  if (!cookieMode) {
    const { token, tokenType, expiresIn, refreshToken } = tokens
    return c.json({ token, tokenType, expiresIn, refreshToken, refresh_token: refreshToken, ...fields })
  }
  const cookies = sessionCookies(
    { accessToken: tokens.token, accessMaxAge: tokens.expiresIn, refreshToken: tokens.refreshToken, refreshMaxAge: tokens.refreshExpiresIn },
    config.sessions,
  )
  for (const cookie of cookies) c.header('Set-Cookie', cookie, { append: true })
  return c.json({ expiresIn: tokens.expiresIn, ...fields })
}

/** Adds the Set-Cookie headers that drop both session cookies (logout, a refused cookie refresh). */
export function clearSessionCookies(c: SessionContext, config: Config): void {
  for (const cookie of clearedSessionCookies(config.sessions)) c.header('Set-Cookie', cookie, { append: true })
}

/**
 * `grant_type=refresh_token` (RFC 6749 §6): rotates the `refresh_token` of the body, or, when the
 * body has none, the refresh cookie (a cookie-authenticated request: the CSRF rule applies, and the
 * answer goes to cookies). `fields` come from a JSON object or a form, already parsed.
 */
export async function refreshTokenGrant(c: SessionContext, fields: Record<string, unknown>, config: Config, now: number): Promise<Response> {
  const fromBody = fields.refresh_token
  if (fromBody !== undefined && (typeof fromBody !== 'string' || fromBody === '')) fail('refresh_token_missing', 'refresh_token is not a non-empty string')
  const token = fromBody ?? refreshCookie(c, config)
  if (token === undefined) fail('refresh_token_missing')
  const { tokens, customer } = await rotateSession(token, c.env, config, now)
  return answerSession(c, tokens, customerView(customer), fromBody === undefined || wantsCookies(c, config), config)
}

/** The refresh cookie's token after the CSRF rule, or undefined when the request has none. */
export function refreshCookie(c: SessionContext, config: Config): string | undefined {
  const reading = readCookie(c.req.header('Cookie'), REFRESH_COOKIE)
  if (reading === undefined) return undefined
  requireFirstParty(c, config)
  if ('problem' in reading) return fail('invalid_grant', 'refresh cookie sent twice', undefined, { event: 'cookie_refused', cookie: REFRESH_COOKIE })
  return reading.value
}

/**
 * The `Authorization` value a request stands for: its own header when it has one (an explicit
 * credential wins over the ambient cookie, and needs no CSRF rule), else `Bearer <access cookie>`
 * after the CSRF rule, else undefined.
 */
export function authorizationOf(c: SessionContext, config: Config): string | undefined {
  const header = c.req.header('Authorization')
  if (header !== undefined) return header
  const reading = readCookie(c.req.header('Cookie'), ACCESS_COOKIE)
  if (reading === undefined) return undefined
  requireFirstParty(c, config)
  if ('problem' in reading) return fail('invalid_token', 'access cookie sent twice', undefined, { event: 'cookie_refused', cookie: ACCESS_COOKIE })
  return `Bearer ${reading.value}`
}

/** 403 `csrf_refused` unless a cookie-authenticated request passes the CSRF rule (src/sessions/csrf.ts). */
export function requireFirstParty(c: SessionContext, config: Config): void {
  const problem = csrfProblem(csrfFacts(c.req.raw, new URL(c.req.url)), config.sessions)
  if (problem) fail('csrf_refused', problem, undefined, { event: 'csrf_refused', method: c.req.method, origin: c.req.header('Origin') ?? null })
}
