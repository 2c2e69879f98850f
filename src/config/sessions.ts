import { isLocalHost } from './local-host'
import { parseOrigins } from './origins'
import { ConfigError, type Env } from '../core'

/** Refresh-token lifetimes and cookie mode, parsed once with the rest of Config. Seconds. */
export interface SessionConfig {
  /** A refresh token unused this long expires (default 30 days). */
  idleSeconds: number
  /** A family ends this long after its login, however often it rotates (default 90 days). */
  absoluteSeconds: number
  /** A rotated token presented again within this many seconds gets the same answer (default 5). */
  graceSeconds: number
  /** Origins whose pages get cookies instead of tokens in the body (empty: cookie mode off). */
  cookieOrigins: readonly string[]
  sameSite: 'Strict' | 'Lax'
}

const DAY = 86_400
// Browsers cap a cookie's Max-Age at 400 days (RFC 6265bis §5.6.2); the refresh cookie lives as long as its token.
const MAX_LIFETIME_SECONDS = 400 * DAY
// Long enough for a retry over a bad mobile network; longer only widens what a thief can replay unnoticed.
const MAX_GRACE_SECONDS = 60

/** Reads REFRESH_IDLE_SECONDS, REFRESH_ABSOLUTE_SECONDS, REFRESH_GRACE_SECONDS, COOKIE_ORIGINS, COOKIE_SAMESITE. */
export function parseSessionConfig(env: Env): SessionConfig {
  const idleSeconds = seconds(env.REFRESH_IDLE_SECONDS, 'REFRESH_IDLE_SECONDS', 30 * DAY, 60, MAX_LIFETIME_SECONDS)
  const absoluteSeconds = seconds(env.REFRESH_ABSOLUTE_SECONDS, 'REFRESH_ABSOLUTE_SECONDS', 90 * DAY, 60, MAX_LIFETIME_SECONDS)
  if (idleSeconds > absoluteSeconds) throw new ConfigError('REFRESH_IDLE_SECONDS must not be longer than REFRESH_ABSOLUTE_SECONDS')
  return {
    idleSeconds,
    absoluteSeconds,
    graceSeconds: seconds(env.REFRESH_GRACE_SECONDS, 'REFRESH_GRACE_SECONDS', 5, 0, MAX_GRACE_SECONDS),
    cookieOrigins: parseCookieOrigins(env.COOKIE_ORIGINS),
    sameSite: parseSameSite(env.COOKIE_SAMESITE),
  }
}

function seconds(value: string | undefined, name: string, fallback: number, min: number, max: number): number {
  if (value === undefined || value === '') return fallback
  if (!/^[0-9]{1,10}$/.test(value) || Number(value) < min || Number(value) > max) {
    throw new ConfigError(`${name} must be a whole number of seconds from ${min} to ${max}, got "${value}"`)
  }
  return Number(value)
}

function parseCookieOrigins(value: string | undefined): string[] {
  return parseOrigins(value, 'COOKIE_ORIGINS').map((url) => {
    // Secure cookies need a secure context; browsers count http://localhost as one, nothing else on http.
    if (url.protocol !== 'https:' && !(url.protocol === 'http:' && isLocalHost(url.hostname))) {
      throw new ConfigError(`COOKIE_ORIGINS entry "${url.origin}" must use https (http only for localhost)`)
    }
    return url.origin
  })
}

function parseSameSite(value: string | undefined): 'Strict' | 'Lax' {
  if (value === undefined || value === '' || value === 'Strict') return 'Strict'
  if (value === 'Lax') return 'Lax'
  throw new ConfigError(`COOKIE_SAMESITE must be Strict or Lax, got "${value}"`)
}
