import type { Env } from '../env'
import { fail } from '../errors'

// The shop's windows are one minute, so one minute is always long enough to wait.
const RETRY_AFTER_SECONDS = '60'

/** Counts one token/refresh request against the client IP (10/min); 429 over the limit. */
export function limitByIp(env: Env, ip: string | undefined): Promise<void> {
  // Only CF-Connecting-IP, set by Cloudflare's edge; X-Forwarded-For is client-controlled.
  return limit(env.RATE_LIMIT_IP, `ip:${ip ?? 'unknown'}`)
}

/** Counts one token request against the identity it names (5/min); 429 over the limit. */
export function limitByIdentity(env: Env, identity: string): Promise<void> {
  return limit(env.RATE_LIMIT_IDENTITY, identity)
}

async function limit(limiter: RateLimit, key: string): Promise<void> {
  let outcome: RateLimitOutcome
  try {
    outcome = await limiter.limit({ key })
  } catch (err) {
    fail('storage_unavailable', `rate limiter failed: ${String(err)}`)
  }
  if (!outcome.success) fail('too_many_requests', `rate limit hit for ${key.split(':')[0]}`, { 'Retry-After': RETRY_AFTER_SECONDS })
}
