import { type Env, fail } from '../core'

// The shop's windows are one minute, so one minute is always long enough to wait.
const RETRY_AFTER_SECONDS = '60'

/** The per-minute limits of wrangler.toml's `[[ratelimits]]` for the token endpoints (the binding cannot be asked). */
export const TOKEN_LIMITS = { ip: 10, identity: 5 } as const

/**
 * The IETF draft's `RateLimit-Policy` (draft-ietf-httpapi-ratelimit-headers) of the token
 * endpoints: quota `q` per window `w` seconds, per IP and per identity. `atLeast` is a local run's
 * DEV_RATE_LIMIT, which `npm start` also writes into its bindings.
 *
 * @example
 * rateLimitPolicy() // '"ip";q=10;w=60, "identity";q=5;w=60'
 */
export function rateLimitPolicy(atLeast = 0): string {
  return Object.entries(TOKEN_LIMITS)
    .map(([name, quota]) => `"${name}";q=${Math.max(quota, atLeast)};w=${RETRY_AFTER_SECONDS}`)
    .join(', ')
}

/**
 * Counts one token/refresh request against the client IP (10/min); 429 over the limit.
 * `ip` must be CF-Connecting-IP, which Cloudflare's edge sets and overwrites; X-Forwarded-For,
 * X-Real-IP, True-Client-IP and Forwarded are client-controlled and never used. Without it (only
 * off the edge: local runs, tests) every such request shares the one bucket `ip:unknown`, which
 * fails safe: a client cannot get a fresh bucket by dropping the header. An IPv6 client is counted
 * by its /64, which it can otherwise rotate through freely (see `clientBucket`).
 */
export function limitByIp(env: Env, ip: string | undefined): Promise<void> {
  return limit(env.RATE_LIMIT_IP, 'ip', `ip:${ip?.trim() ? clientBucket(ip) : 'unknown'}`)
}

/**
 * Counts one request to a shop API door (`/api/graphql`, `/api/mcp`) against the client IP on that
 * door's own limiter (`[[ratelimits]]` in wrangler.toml); same buckets as `limitByIp`, 429 over the limit.
 */
export function limitDoorByIp(limiter: RateLimit, door: 'graphql' | 'mcp', ip: string | undefined): Promise<void> {
  return limit(limiter, door, `ip:${ip?.trim() ? clientBucket(ip) : 'unknown'}`)
}

/** Counts one token request against the identity it names (5/min); 429 over the limit. */
export function limitByIdentity(env: Env, identity: string): Promise<void> {
  return limit(env.RATE_LIMIT_IDENTITY, 'identity', identity)
}

/**
 * Counts one request of a client that authenticates with its secret at revocation or
 * introspection (RFC 7009, RFC 7662) against that client (60/min), before the secret is checked:
 * an integration that gets and revokes tokens spends neither the login buckets of its IP nor its
 * identity's 5 logins a minute, and a guesser still meets a limit per client id.
 */
export function limitByClient(env: Env, clientId: string): Promise<void> {
  return limit(env.RATE_LIMIT_CLIENT, 'client', `client:${clientId}`)
}

async function limit(limiter: RateLimit, name: 'ip' | 'identity' | 'graphql' | 'mcp' | 'client', key: string): Promise<void> {
  let outcome: RateLimitOutcome
  try {
    outcome = await limiter.limit({ key })
  } catch (err) {
    fail('storage_unavailable', { detail: `rate limiter failed: ${String(err)}`, event: { event: 'storage_unavailable', store: `rate_limit_${name}` } })
  }
  if (!outcome.success) {
    fail('too_many_requests', {
      detail: `rate limit hit for ${name}`,
      headers: { 'Retry-After': RETRY_AFTER_SECONDS, RateLimit: `"${name}";r=0;t=${RETRY_AFTER_SECONDS}` },
      event: { event: 'rate_limited', limiter: name },
    })
  }
}

const IPV4 = /^(?:[0-9]{1,3}\.){3}[0-9]{1,3}$/
const HEXTET = /^[0-9a-f]{1,4}$/

/**
 * The per-IP rate-limit bucket of a client address. IPv4: the address. IPv6: its /64 prefix, since
 * one subscriber holds at least a /64 (RFC 6177) and can rotate addresses inside it at will; an
 * IPv4-mapped address (`::ffff:198.51.100.7`) counts as the IPv4 address. Anything else (never the
 * case for Cloudflare's CF-Connecting-IP) is its own bucket, trimmed and lower-cased. Pure.
 *
 * @example
 * clientBucket('2001:db8:1:2:aa:bb:cc:dd') // '2001:db8:1:2::/64'
 */
export function clientBucket(ip: string): string {
  const address = ip.trim().toLowerCase()
  if (IPV4.test(address) || !address.includes(':')) return address
  const hextets = expandIpv6(address)
  if (!hextets) return address
  if (hextets.slice(0, 5).every((h) => h === 0) && hextets[5] === 0xffff) {
    return [hextets[6]! >> 8, hextets[6]! & 255, hextets[7]! >> 8, hextets[7]! & 255].join('.')
  }
  return `${hextets
    .slice(0, 4)
    .map((h) => h.toString(16))
    .join(':')}::/64`
}

// The eight 16-bit groups of an IPv6 address (RFC 4291 §2.2, with `::` and a dotted IPv4 tail), or null.
function expandIpv6(address: string): number[] | null {
  let text = address.split('%')[0]!
  const tail = /:((?:[0-9]{1,3}\.){3}[0-9]{1,3})$/.exec(text)
  if (tail) {
    const octets = tail[1]!.split('.').map(Number)
    if (octets.some((o) => o > 255)) return null
    text = `${text.slice(0, -tail[1]!.length)}${((octets[0]! << 8) | octets[1]!).toString(16)}:${((octets[2]! << 8) | octets[3]!).toString(16)}`
  }
  const halves = text.split('::')
  if (halves.length > 2) return null
  const parse = (part: string) => (part === '' ? [] : part.split(':'))
  const head = parse(halves[0]!)
  const rest = halves.length === 2 ? parse(halves[1]!) : []
  const missing = 8 - head.length - rest.length
  if (halves.length === 1 ? missing !== 0 : missing < 1) return null
  const groups = [...head, ...Array<string>(halves.length === 2 ? missing : 0).fill('0'), ...rest]
  if (!groups.every((g) => HEXTET.test(g))) return null
  return groups.map((g) => Number.parseInt(g, 16))
}
