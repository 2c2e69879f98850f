import { DEFAULT_KV_TIMEOUT_MS, MAX_TOKEN_TTL_SECONDS } from '../config'
import { fail } from '../errors'
import type { Principal } from './principal'
import { RevocationCache } from './revocation-cache'
import { withTimeout } from './with-timeout'

// KV refuses an expirationTtl below 60 s (Workers KV limits), so short-lived revocations are clamped up.
const KV_MIN_TTL_SECONDS = 60
/** How long this isolate trusts a "not revoked" answer or a subject stamp it read from KV. */
export const REVOCATION_CACHE_SECONDS = 5
const CACHE_ENTRIES = 10_000
// A subject stamp must outlive every token issued before it: config caps TOKEN_TTL at this, and
// the verifier refuses tokens whose exp - iat is longer than TOKEN_TTL.
const SUBJECT_STAMP_TTL_SECONDS = MAX_TOKEN_TTL_SECONDS

const cache = new RevocationCache(CACHE_ENTRIES)

type TokenFacts = Pick<Principal, 'jti' | 'subject' | 'iat' | 'exp'>

export const jtiKey = (jti: string) => `jti:${jti}`
export const nbfKey = (subject: string) => `nbf:${subject}`

/**
 * Whether a verified token has been revoked: its own jti, or its subject's "not before" stamp at or
 * after its iat. Reads both KV keys in one bulk get, through the isolate cache. KV errors, and a
 * read slower than `timeoutMs`, become `storage_unavailable` (503): a revocation check that cannot
 * run never allows.
 */
export async function isRevoked(kv: KVNamespace, token: TokenFacts, now: number, timeoutMs = DEFAULT_KV_TIMEOUT_MS): Promise<boolean> {
  const keys = [jtiKey(token.jti), nbfKey(token.subject)] as const
  let jti = cache.get(keys[0], now)
  let stamp = cache.get(keys[1], now)
  if (jti === undefined || stamp === undefined) {
    let values: Map<string, string | null>
    try {
      values = await withTimeout(kv.get([...keys], 'text'), timeoutMs, 'revocation lookup')
    } catch (err) {
      fail('storage_unavailable', `revocation lookup failed: ${String(err)}`, undefined, { event: 'storage_unavailable', store: 'kv', operation: 'read' })
    }
    jti = values.get(keys[0]) ?? null
    stamp = values.get(keys[1]) ?? null
    // A revoked jti stays revoked until the token expires; everything else may change elsewhere.
    cache.set(keys[0], jti, jti === null ? now + REVOCATION_CACHE_SECONDS : token.exp)
    cache.set(keys[1], stamp, now + REVOCATION_CACHE_SECONDS)
  }
  return jti !== null || isBeforeStamp(token, stamp)
}

/**
 * Revokes one token until its exp (at least KV's minimum TTL from now), then remembers it here.
 * Resolves only after KV accepted the write; a failed or timed-out write is `storage_unavailable`.
 */
export async function revokeToken(kv: KVNamespace, token: TokenFacts, now: number, timeoutMs = DEFAULT_KV_TIMEOUT_MS): Promise<void> {
  const key = jtiKey(token.jti)
  await put(kv, key, '1', Math.ceil(token.exp - now), timeoutMs)
  cache.set(key, '1', token.exp)
}

/**
 * Refuses every token of `subject` issued up to and including the current second (logout
 * everywhere), or every one but `keep` (a password change: the token that made it keeps working
 * until its exp; the stamp then reads `<seconds> <jti>`). Resolves only after KV accepted the
 * write; a failed or timed-out write throws `storage_unavailable` (503).
 *
 * @example
 * await revokeSubject(env.REVOKED, principal.subject, Date.now() / 1000, readConfig(env).kv.timeoutMs)
 * await revokeSubject(env.REVOKED, principal.subject, Date.now() / 1000, timeoutMs, principal.jti)
 */
export async function revokeSubject(kv: KVNamespace, subject: string, now: number, timeoutMs = DEFAULT_KV_TIMEOUT_MS, keepJti?: string): Promise<void> {
  const key = nbfKey(subject)
  const seconds = String(Math.floor(now))
  const stamp = keepJti ? `${seconds} ${keepJti}` : seconds
  await put(kv, key, stamp, SUBJECT_STAMP_TTL_SECONDS, timeoutMs)
  cache.set(key, stamp, now + REVOCATION_CACHE_SECONDS)
}

/** Forgets every cached answer (tests that change KV behind this isolate's back). */
export function clearRevocationCache(): void {
  cache.clear()
}

// iat has whole-second resolution: a token minted in the very second of a logout-everywhere may
// have been minted before it, so `iat <= stamp` is refused (a fresh login must wait one second).
// A stamp is `<seconds>` or `<seconds> <jti>`, the jti being the one token it spares; an unreadable
// stamp refuses everything.
function isBeforeStamp(token: TokenFacts, stamp: string | null): boolean {
  if (stamp === null) return false
  const [seconds = '', spared] = stamp.split(' ')
  const notBefore = Number(seconds)
  if (!Number.isFinite(notBefore)) return true
  return token.iat <= notBefore && token.jti !== spared
}

async function put(kv: KVNamespace, key: string, value: string, ttlSeconds: number, timeoutMs: number): Promise<void> {
  try {
    await withTimeout(kv.put(key, value, { expirationTtl: Math.max(ttlSeconds, KV_MIN_TTL_SECONDS) }), timeoutMs, 'revocation write')
  } catch (err) {
    fail('storage_unavailable', `revocation write failed: ${String(err)}`, undefined, { event: 'storage_unavailable', store: 'kv', operation: 'write' })
  }
}
