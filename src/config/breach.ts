import { ConfigError, type Env } from '../core'

/** The breached-password check (docs/security.md, "Breached passwords"), parsed once with the rest of Config. */
export interface BreachConfig {
  enabled: boolean
  /** The range API's base: `<base>/range/<5 hex>` is asked. */
  rangeUrl: URL
  /** A password seen in breaches this many times or more is refused. */
  threshold: number
  /** Past this the check is skipped (and logged): a slow range service never holds up a registration. */
  timeoutMs: number
}

const DEFAULT_RANGE_URL = 'https://api.pwnedpasswords.com'

/** Reads BREACHED_PASSWORDS, BREACHED_PASSWORDS_URL, BREACHED_PASSWORDS_THRESHOLD, BREACHED_PASSWORDS_TIMEOUT_MS. */
export function parseBreachConfig(env: Env): BreachConfig {
  const switchValue = env.BREACHED_PASSWORDS ?? ''
  if (!['', 'on', 'off'].includes(switchValue)) throw new ConfigError(`BREACHED_PASSWORDS must be on or off, got "${switchValue}"`)
  return {
    enabled: switchValue !== 'off',
    rangeUrl: parseRangeUrl(env.BREACHED_PASSWORDS_URL || DEFAULT_RANGE_URL),
    threshold: whole(env.BREACHED_PASSWORDS_THRESHOLD, 'BREACHED_PASSWORDS_THRESHOLD', 1),
    timeoutMs: whole(env.BREACHED_PASSWORDS_TIMEOUT_MS, 'BREACHED_PASSWORDS_TIMEOUT_MS', 1500),
  }
}

function parseRangeUrl(value: string): URL {
  let url: URL | undefined
  try {
    url = new URL(value)
  } catch {
    url = undefined
  }
  if (!url || (url.protocol !== 'https:' && url.protocol !== 'http:') || url.search || url.hash) {
    throw new ConfigError(`BREACHED_PASSWORDS_URL must be an http(s) base URL such as ${DEFAULT_RANGE_URL}, got "${value}"`)
  }
  return url
}

function whole(value: string | undefined, name: string, fallback: number): number {
  if (value === undefined || value === '') return fallback
  if (!/^[1-9][0-9]{0,8}$/.test(value)) throw new ConfigError(`${name} must be a positive whole number, got "${value}"`)
  return Number(value)
}
