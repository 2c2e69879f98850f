import type { Env } from '../env'
import { fail } from '../errors'

// The shop's windows are one minute, so one minute is always long enough to wait.
const RETRY_AFTER_SECONDS = '60'

/**
 * Counts one token/refresh request against the client IP (10/min); 429 over the limit.
 * `ip` must be CF-Connecting-IP, which Cloudflare's edge sets and overwrites; X-Forwarded-For,
 * X-Real-IP, True-Client-IP and Forwarded are client-controlled and never used. Without it (only
 * off the edge: local runs, tests) every such request shares the one bucket `ip:unknown`, which
 * fails safe: a client cannot get a fresh bucket by dropping the header.
 */
export function limitByIp(env: Env, ip: string | undefined): Promise<void> {
  return limit(env.RATE_LIMIT_IP, 'ip', `ip:${ip?.trim() || 'unknown'}`)
}

/** Counts one token request against the identity it names (5/min); 429 over the limit. */
export function limitByIdentity(env: Env, identity: string): Promise<void> {
  return limit(env.RATE_LIMIT_IDENTITY, 'identity', identity)
}

async function limit(limiter: RateLimit, name: 'ip' | 'identity', key: string): Promise<void> {
  let outcome: RateLimitOutcome
  try {
    outcome = await limiter.limit({ key })
  } catch (err) {
    fail('storage_unavailable', `rate limiter failed: ${String(err)}`, undefined, { event: 'storage_unavailable', store: `rate_limit_${name}` })
  }
  if (!outcome.success) {
    fail('too_many_requests', `rate limit hit for ${name}`, { 'Retry-After': RETRY_AFTER_SECONDS }, { event: 'rate_limited', limiter: name })
  }
}
