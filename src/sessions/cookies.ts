import { generateCookie } from 'hono/cookie'
import { ACCESS_COOKIE, REFRESH_COOKIE, REFRESH_COOKIE_PATH } from '../core'
import type { SessionConfig } from '../config'

/** The Set-Cookie values of a session: the access token and, when one was issued, the refresh token. Pure. */
export function sessionCookies(
  session: { accessToken: string; accessMaxAge: number; refreshToken?: string; refreshMaxAge?: number },
  config: SessionConfig,
): string[] {
  const common = { httpOnly: true, secure: true, sameSite: config.sameSite } as const
  const cookies = [generateCookie(ACCESS_COOKIE.slice('__Host-'.length), session.accessToken, { ...common, prefix: 'host', maxAge: session.accessMaxAge })]
  if (session.refreshToken !== undefined) {
    cookies.push(
      generateCookie(REFRESH_COOKIE.slice('__Secure-'.length), session.refreshToken, {
        ...common,
        prefix: 'secure',
        path: REFRESH_COOKIE_PATH,
        maxAge: session.refreshMaxAge ?? 0,
      }),
    )
  }
  return cookies
}

/** Set-Cookie values that make the browser drop both session cookies (Max-Age=0, same name, path and prefix). Pure. */
export function clearedSessionCookies(config: SessionConfig): string[] {
  return sessionCookies({ accessToken: '', accessMaxAge: 0, refreshToken: '', refreshMaxAge: 0 }, config)
}
