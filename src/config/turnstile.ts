import { ConfigError, type Env } from '../core'
import { parseOrigins } from './origins'

/** Turnstile on the storefront's login, registration and password-reset requests (docs/security.md, "Bots"). */
export interface TurnstileConfig {
  /** Storefront origins whose requests must carry a Turnstile token; empty: Turnstile is off. */
  origins: readonly string[]
  /** The widget's secret key (a secret), required once an origin is listed. */
  secret: string
  verifyUrl: URL
  timeoutMs: number
}

const SITEVERIFY = 'https://challenges.cloudflare.com/turnstile/v0/siteverify'

/** Reads TURNSTILE_ORIGINS, TURNSTILE_SECRET, TURNSTILE_VERIFY_URL, TURNSTILE_TIMEOUT_MS. */
export function parseTurnstileConfig(env: Env): TurnstileConfig {
  const origins = parseOrigins(env.TURNSTILE_ORIGINS, 'TURNSTILE_ORIGINS').map((url) => url.origin)
  const secret = env.TURNSTILE_SECRET ?? ''
  if (origins.length > 0 && secret === '')
    throw new ConfigError("TURNSTILE_ORIGINS is set but TURNSTILE_SECRET is not: run `wrangler secret put TURNSTILE_SECRET` with the widget's secret key")
  let verifyUrl: URL
  try {
    verifyUrl = new URL(env.TURNSTILE_VERIFY_URL || SITEVERIFY)
  } catch {
    throw new ConfigError(`TURNSTILE_VERIFY_URL must be an absolute URL such as ${SITEVERIFY}`)
  }
  const timeout = env.TURNSTILE_TIMEOUT_MS
  if (timeout !== undefined && timeout !== '' && !/^[1-9][0-9]{0,5}$/.test(timeout))
    throw new ConfigError(`TURNSTILE_TIMEOUT_MS must be a positive whole number, got "${timeout}"`)
  return { origins, secret, verifyUrl, timeoutMs: timeout ? Number(timeout) : 3000 }
}
