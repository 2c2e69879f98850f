import { ConfigError, type Env, isSessionCookieName } from '../core'
import { routeMatcher, type ShopApiLine } from '../policy'

/** The edge cache's settings, from `EDGE_CACHE`, `EDGE_CACHE_MAX_AGE`, `EDGE_CACHE_OFF_ROUTES` and `EDGE_CACHE_IGNORED_COOKIES`. */
export interface CacheConfig {
  /** `EDGE_CACHE=off` turns the cache off everywhere; on by default. */
  enabled: boolean
  /** Upper bound on how long an answer is fresh, and on its stale-while-revalidate window; default 300. */
  maxAgeSeconds: number
  /** Route templates (`/products/{id}`) whose answers are never cached. */
  offRoutes: ReadonlySet<string>
  /** Cookie names (exact) the shop's catalogue answers never depend on; any other cookie bypasses the cache. */
  ignoredCookies: ReadonlySet<string>
}

export const DEFAULT_CACHE_MAX_AGE_SECONDS = 300
// One day: the purge records (purges.ts) must outlive every answer stored before them.
const MAX_CACHE_MAX_AGE_SECONDS = 86_400

/**
 * Reads the cache settings; an unknown value, or an off-route that is not a public GET route of the
 * table, fails loudly (a typo would otherwise leave a route cached that the operator meant to exclude).
 */
export function parseCacheConfig(env: Env, shopApiLine: ShopApiLine = 'main'): CacheConfig {
  const switched = env.EDGE_CACHE ?? ''
  if (!['', 'on', 'off'].includes(switched)) throw new ConfigError(`EDGE_CACHE must be on or off, got "${switched}"`)
  return {
    enabled: switched !== 'off',
    maxAgeSeconds: parseMaxAge(env.EDGE_CACHE_MAX_AGE),
    offRoutes: parseOffRoutes(env.EDGE_CACHE_OFF_ROUTES, shopApiLine),
    ignoredCookies: parseIgnoredCookies(env.EDGE_CACHE_IGNORED_COOKIES),
  }
}

// RFC 6265 §4.1.1: a cookie-name is an RFC 9110 token. A session cookie can never be ignored.
const COOKIE_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/

function parseIgnoredCookies(value: string | undefined): ReadonlySet<string> {
  const names = (value ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
  for (const name of names) {
    if (!COOKIE_NAME.test(name)) throw new ConfigError(`EDGE_CACHE_IGNORED_COOKIES entry "${name}" is not a cookie name`)
    if (isSessionCookieName(name)) throw new ConfigError(`EDGE_CACHE_IGNORED_COOKIES must not list gatehouse's session cookie "${name}"`)
  }
  return new Set(names)
}

function parseMaxAge(value: string | undefined): number {
  if (value === undefined || value === '') return DEFAULT_CACHE_MAX_AGE_SECONDS
  if (!/^[0-9]{1,6}$/.test(value) || Number(value) > MAX_CACHE_MAX_AGE_SECONDS) {
    throw new ConfigError(`EDGE_CACHE_MAX_AGE must be a whole number of seconds from 0 to ${MAX_CACHE_MAX_AGE_SECONDS}, got "${value}"`)
  }
  return Number(value)
}

function parseOffRoutes(value: string | undefined, shopApiLine: ShopApiLine): ReadonlySet<string> {
  const templates = (value ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
  const cacheable = new Set(
    routeMatcher(shopApiLine)
      .rules.filter((r) => r.method === 'GET' && r.level === 'public')
      .map((r) => r.template),
  )
  for (const template of templates) {
    if (!cacheable.has(template)) {
      throw new ConfigError(
        `EDGE_CACHE_OFF_ROUTES entry "${template}" is not a public GET route of the route table (write it as the table does, e.g. /products/{id})`,
      )
    }
  }
  return new Set(templates)
}
