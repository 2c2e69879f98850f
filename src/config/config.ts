import { isLocalHost } from './local-host'
import { MAX_TOKEN_TTL_SECONDS } from './token-lifetime'
import { parseBreachConfig, type BreachConfig } from './breach'
import { parseCacheConfig, type CacheConfig } from './cache'
import { ConfigError, type Env, oncePer } from '../core'
import { parseDoorConfig, type DoorConfig } from './doors'
import { list, parseOrigins } from './origins'
import { SHOP_API_LINES, type ShopApiLine } from '../policy'
import { parseSessionConfig, type SessionConfig } from './sessions'
import { parseTurnstileConfig, type TurnstileConfig } from './turnstile'

/** SHOP_CONFIRM_AGE_SECONDS when unset: a copy the shop confirmed within a day answers logins alone (docs/credentials.md). */
export const DEFAULT_CONFIRM_AGE_SECONDS = 86_400

/** Everything request code needs from the environment, parsed and checked once per isolate. */
export interface Config {
  jwt: {
    /** The HS256 secret shared with the shop, as bytes. */
    secret: Uint8Array
    /** Accepted `iss` values; tokens are signed with the first. */
    issuers: readonly string[]
    /** Accepted `aud` values; tokens are signed with the first. */
    audiences: readonly string[]
    ttlSeconds: number
  }
  origin: {
    url: URL | undefined
    timeoutMs: number
    /** Local only (`DEMO_HOOKS=on`, the demo shop bound as ORIGIN): clients' `X-Demo-*` test hooks reach it. */
    demoHooks: boolean
  }
  cors: {
    origins: string[]
  }
  /** Lockout of a login name after repeated failed logins (src/db/lockout.ts). */
  lockout: LockoutPolicy
  kv: {
    /** Every revocation read or write gives up after this long and fails closed (503). */
    timeoutMs: number
  }
  /** The edge cache for anonymous catalogue reads (docs/cache.md). */
  cache: CacheConfig
  log: {
    /** `LOG_REQUESTS=all`: a request line for allowed requests too, not only for refusals and failures. */
    allRequests: boolean
    /** Security events older than this many days are pruned by the scheduled upkeep (docs/operations.md). */
    eventRetentionDays: number
  }
  shop: {
    /** A D1 copy the shop confirmed longer ago than this is confirmed with the shop at the next login. */
    confirmAgeSeconds: number
    /** The website whose customer row is tried first when an email exists on several websites. */
    defaultWebsiteId: number
  }
  /** Refresh tokens and cookie mode (docs/sessions.md). */
  sessions: SessionConfig
  /** New passwords checked against the Pwned Passwords range API (docs/security.md, "Breached passwords"). */
  breachedPasswords: BreachConfig
  /** Turnstile on the storefront's login, registration and reset requests (docs/security.md, "Bots"). */
  turnstile: TurnstileConfig
  /** Order and payment attempts per client IP and per customer (docs/security.md, "Card testing"). */
  checkout: CheckoutLimits
  policy: {
    /** `SHOP_API_LINE`: which of the shop's route tables the gateway enforces (docs/policy.md). */
    shopApiLine: ShopApiLine
  }
  /** Local only: the demo storefront page is served at /demo/storefront. */
  demoStorefront: boolean
  /** The index page at / and the operator page at /ops/ (OPERATOR_PAGE=on). */
  operatorPage: boolean
  /** Local only (`DEV_RATE_LIMIT`, written by `npm start`): the raised per-minute limits, 0 when not raised. */
  devRateLimit: number
  /** `/api/graphql`, `/api/mcp` and the shop's OAuth server (docs/operations.md, "The shop's doors"). */
  doors: DoorConfig
}

/** Attempts allowed per window on the order and payment routes; 0 turns that bucket off. */
export interface CheckoutLimits {
  perIp: number
  perCustomer: number
  windowSeconds: number
}

/** Lockout after repeated failed logins: how many failures, within what window, lock for how long. */
export interface LockoutPolicy {
  /** Failures within one window that lock the login name. */
  maxFailures: number
  /** Length of the counting window, from its first failure, in seconds. */
  windowSeconds: number
  /** How long a lock lasts, in seconds. */
  lockSeconds: number
}

export { ConfigError }

// The shop refuses secrets shorter than this (its `apiplatform/oauth2/secret`: "at least 32 characters").
const MIN_SECRET_LENGTH = 32
const DEMO_SECRET = 'local-demo-secret-do-not-use-in-production-0123456789'

export { MAX_TOKEN_TTL_SECONDS }

/** KV reads take a few ms at the edge (tens on a cold key); two seconds means KV is in trouble. */
export const DEFAULT_KV_TIMEOUT_MS = 2000

/**
 * Parses the environment into a Config, once per env object.
 *
 * @example
 * const config = readConfig(c.env) // throws ConfigError with an actionable message
 */
export const readConfig: (env: Env) => Config = oncePer(parseConfig)

function parseConfig(env: Env): Config {
  const issuers = parseIssuers(env.JWT_ISSUER)
  const shopApiLine = oneOf(env.SHOP_API_LINE, 'SHOP_API_LINE', SHOP_API_LINES) ?? 'main'
  return {
    jwt: {
      secret: parseSecret(env.JWT_SECRET, issuers),
      issuers,
      audiences: parseAudiences(env.JWT_AUDIENCE),
      ttlSeconds: parseTtl(env.TOKEN_TTL),
    },
    origin: {
      url: parseOriginUrl(env.ORIGIN_URL),
      timeoutMs: positiveInteger(env.ORIGIN_TIMEOUT_MS, 'ORIGIN_TIMEOUT_MS') ?? 30_000,
      demoHooks: parseDemoHooks(env),
    },
    cors: {
      origins: parseOrigins(env.CORS_ORIGINS, 'CORS_ORIGINS').map((url) => url.origin),
    },
    lockout: {
      maxFailures: positiveInteger(env.LOCKOUT_MAX_FAILURES, 'LOCKOUT_MAX_FAILURES') ?? 10,
      windowSeconds: positiveInteger(env.LOCKOUT_WINDOW_SECONDS, 'LOCKOUT_WINDOW_SECONDS') ?? 900,
      lockSeconds: positiveInteger(env.LOCKOUT_SECONDS, 'LOCKOUT_SECONDS') ?? 900,
    },
    kv: {
      timeoutMs: positiveInteger(env.KV_TIMEOUT_MS, 'KV_TIMEOUT_MS') ?? DEFAULT_KV_TIMEOUT_MS,
    },
    cache: parseCacheConfig(env, shopApiLine),
    log: {
      allRequests: oneOf(env.LOG_REQUESTS, 'LOG_REQUESTS', ['refusals', 'all']) === 'all',
      eventRetentionDays: positiveInteger(env.EVENTS_RETENTION_DAYS, 'EVENTS_RETENTION_DAYS') ?? 90,
    },
    shop: {
      confirmAgeSeconds: positiveInteger(env.SHOP_CONFIRM_AGE_SECONDS, 'SHOP_CONFIRM_AGE_SECONDS') ?? DEFAULT_CONFIRM_AGE_SECONDS,
      defaultWebsiteId: positiveInteger(env.DEFAULT_WEBSITE_ID, 'DEFAULT_WEBSITE_ID') ?? 1,
    },
    sessions: parseSessionConfig(env),
    breachedPasswords: parseBreachConfig(env),
    turnstile: parseTurnstileConfig(env),
    checkout: {
      perIp: count(env.CHECKOUT_LIMIT_PER_IP, 'CHECKOUT_LIMIT_PER_IP') ?? 10,
      perCustomer: count(env.CHECKOUT_LIMIT_PER_CUSTOMER, 'CHECKOUT_LIMIT_PER_CUSTOMER') ?? 10,
      windowSeconds: positiveInteger(env.CHECKOUT_WINDOW_SECONDS, 'CHECKOUT_WINDOW_SECONDS') ?? 600,
    },
    policy: { shopApiLine },
    demoStorefront: env.DEMO_STOREFRONT === 'on',
    operatorPage: oneOf(env.OPERATOR_PAGE, 'OPERATOR_PAGE', ['on', 'off']) === 'on',
    devRateLimit: positiveInteger(env.DEV_RATE_LIMIT, 'DEV_RATE_LIMIT') ?? 0,
    doors: parseDoorConfig(env),
  }
}

function parseSecret(value: string | undefined, issuers: readonly string[]): Uint8Array {
  if (!value) {
    throw new ConfigError("JWT_SECRET is not set: run `wrangler secret put JWT_SECRET` with the shop's API secret")
  }
  if (value.length < MIN_SECRET_LENGTH) {
    throw new ConfigError(`JWT_SECRET must be at least ${MIN_SECRET_LENGTH} characters (the shop's own minimum)`)
  }
  if (value === DEMO_SECRET && !issuers.every((issuer) => isLocalHost(new URL(issuer).hostname))) {
    throw new ConfigError('JWT_SECRET is the public demo secret but JWT_ISSUER is not a local host: set a real secret')
  }
  return new TextEncoder().encode(value)
}

// The shop's 26.7 line writes its secure base URL with a trailing slash (`https://shop.example.com/`),
// its newer line the request origin without one (`https://shop.example.com`): both spellings, nothing else.
function parseIssuers(value: string | undefined): string[] {
  const issuers = list(value)
  if (issuers.length === 0) throw new ConfigError("JWT_ISSUER is not set: use the shop's secure base URL, e.g. https://shop.example.com/")
  for (const issuer of issuers) {
    let url: URL
    try {
      url = new URL(issuer)
    } catch {
      throw new ConfigError('JWT_ISSUER must be an absolute URL such as https://shop.example.com/')
    }
    if (url.protocol !== 'https:' && !(url.protocol === 'http:' && isLocalHost(url.hostname))) {
      throw new ConfigError('JWT_ISSUER must use https (http only for local hosts)')
    }
    const baseUrl = issuer.endsWith('/') && !url.search && !url.hash && !url.username && !url.password
    if (!baseUrl && issuer !== url.origin) {
      throw new ConfigError(
        "JWT_ISSUER entries must be the shop's base URL with a trailing slash and no query (https://shop.example.com/) or its origin (https://shop.example.com)",
      )
    }
  }
  return issuers
}

function parseAudiences(value: string | undefined): string[] {
  if (value === undefined) return ['maho-api']
  const audiences = list(value)
  if (audiences.length === 0) throw new ConfigError('JWT_AUDIENCE must not be empty')
  return audiences
}

// A comma-separated list; blanks around entries are dropped.

function parseOriginUrl(value: string | undefined): URL | undefined {
  if (!value) return undefined
  try {
    const url = new URL(value)
    if (url.protocol === 'https:' || url.protocol === 'http:') return url
  } catch {
    // fall through to the error below
  }
  throw new ConfigError('ORIGIN_URL must be an absolute http(s) URL such as https://origin.shop.example.com')
}

// The demo shop's test hooks let a client pick the shop's answer (a status, headers, a delay): they
// may reach the local demo shop only, which is always bound as ORIGIN. A shop reached through
// ORIGIN_URL never gets them, whatever DEMO_HOOKS says.
function parseDemoHooks(env: Env): boolean {
  return oneOf(env.DEMO_HOOKS, 'DEMO_HOOKS', ['on', 'off']) === 'on' && env.ORIGIN !== undefined
}

function oneOf<T extends string>(value: string | undefined, name: string, allowed: readonly T[]): T | undefined {
  if (value === undefined || value === '') return undefined
  if (!(allowed as readonly string[]).includes(value)) throw new ConfigError(`${name} must be one of ${allowed.join(', ')}, got "${value}"`)
  return value as T
}

function positiveInteger(value: string | undefined, name: string): number | undefined {
  if (value === undefined || value === '') return undefined
  if (!/^[1-9][0-9]{0,9}$/.test(value)) throw new ConfigError(`${name} must be a positive whole number, got "${value}"`)
  return Number(value)
}

// A whole number, 0 included (0: off).
function count(value: string | undefined, name: string): number | undefined {
  if (value === undefined || value === '') return undefined
  if (!/^(?:0|[1-9][0-9]{0,8})$/.test(value)) throw new ConfigError(`${name} must be a whole number (0 turns it off), got "${value}"`)
  return Number(value)
}

function parseTtl(value: string | undefined): number {
  const ttl = positiveInteger(value, 'TOKEN_TTL') ?? 3600
  if (ttl > MAX_TOKEN_TTL_SECONDS) {
    throw new ConfigError(`TOKEN_TTL must be at most ${MAX_TOKEN_TTL_SECONDS} (one day: how long a logout-everywhere stamp is kept)`)
  }
  return ttl
}
