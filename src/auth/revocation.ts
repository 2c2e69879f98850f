import { MAX_TOKEN_TTL_SECONDS } from '../config'
import type { RequestContext } from '../context'
import { endCustomerFamilies } from '../db'
import { fail, Lru, withTimeout, type Principal } from '../core'

// KV refuses an expirationTtl below 60 s (Workers KV limits), so short-lived revocations are clamped up.
const KV_MIN_TTL_SECONDS = 60
/** How long this isolate trusts a "not revoked" answer or a subject stamp it read from KV. */
export const REVOCATION_CACHE_SECONDS = 5
// A subject stamp must outlive every token issued before it: config caps TOKEN_TTL at this, and
// the verifier refuses tokens whose exp - iat is longer than TOKEN_TTL.
const SUBJECT_STAMP_TTL_SECONDS = MAX_TOKEN_TTL_SECONDS
// A family's end stamp must outlive every token minted from it: each was minted before the end (or
// in the same moment: the mint's D1 check and the end are serialised on the primary), so a token
// lifetime plus a margin for a mint signed just after its check.
const FAMILY_STAMP_TTL_SECONDS = MAX_TOKEN_TTL_SECONDS + 300

const cache = new Lru<string | null>({ maxEntries: 10_000 })
// Bumped by every revocation this isolate completes. A KV read that began before a revocation
// finished may return the value from before it; its answer serves its own request (which raced
// the logout) but is not cached, so the logout wins over every read in flight here.
let epoch = 0

type TokenFacts = Pick<Principal, 'jti' | 'subject' | 'iat' | 'exp'> & { sid?: string | undefined }

export const jtiKey = (jti: string) => `jti:${jti}`
export const nbfKey = (subject: string) => `nbf:${subject}`
export const sidKey = (familyId: string) => `sid:${familyId}`

/**
 * Whether a verified token has been revoked: its own jti, its subject's "not before" stamp at or
 * after its iat, or (a token minted from a refresh family, `sid`) the family's end stamp. Reads
 * the two or three KV keys in one bulk get, through the isolate cache. KV errors, and a read
 * slower than KV_TIMEOUT_MS, become `storage_unavailable` (503): a check that cannot run never allows.
 */
export async function isRevoked(ctx: RequestContext, token: TokenFacts): Promise<boolean> {
  const { now } = ctx
  const keys = [jtiKey(token.jti), nbfKey(token.subject), ...(token.sid === undefined ? [] : [sidKey(token.sid)])]
  let values = keys.map((key) => cache.get(key, now))
  if (values.includes(undefined)) {
    const started = epoch
    const read = await kvCall(ctx, 'read', () => ctx.env.REVOKED.get(keys, 'text'))
    values = keys.map((key) => read.get(key) ?? null)
    if (started === epoch) {
      // A revoked jti and an ended family stay so until the token expires; a subject stamp, or the
      // absence of any, may change elsewhere.
      keys.forEach((key, i) => {
        const value = values[i] ?? null
        cache.set(key, value, now, value !== null && key !== keys[1] ? token.exp : now + REVOCATION_CACHE_SECONDS)
      })
    }
  }
  const [jti, stamp, familyEnd] = values
  // No token is minted from a family once it has ended (the mint checks on D1's primary), so an
  // end stamp refuses every token naming the family, whatever its iat.
  return jti !== null || isBeforeStamp(token, stamp ?? null) || (familyEnd !== undefined && familyEnd !== null)
}

/**
 * Stamps the end of a refresh family (`sid:<family id>` = the end, in seconds): every token that
 * names the family in its `sid` claim is refused from then on, at every location once KV has
 * carried the stamp there. Resolves only after KV accepted the write (`storage_unavailable` else).
 */
export async function stampFamilyEnd(ctx: RequestContext, familyId: string): Promise<void> {
  await put(ctx, sidKey(familyId), String(Math.floor(ctx.now)), FAMILY_STAMP_TTL_SECONDS, ctx.now + MAX_TOKEN_TTL_SECONDS)
}

/**
 * Revokes one token until its exp (at least KV's minimum TTL from now), then remembers it here.
 * Resolves only after KV accepted the write; a failed or timed-out write is `storage_unavailable`.
 */
export async function revokeToken(ctx: RequestContext, token: TokenFacts): Promise<void> {
  await put(ctx, jtiKey(token.jti), '1', Math.ceil(token.exp - ctx.now), token.exp)
}

/**
 * Refuses every token of `subject` issued up to and including the current second (logout
 * everywhere), or every one but `keepJti` (a password change: the token that made it keeps working
 * until its exp; the stamp then reads `<seconds> <jti>`), and ends a customer's refresh families
 * but the one `keepJti` was issued from. Resolves only after D1 and KV accepted the writes; a
 * failed or timed-out write throws `storage_unavailable` (503).
 *
 * @example
 * await revokeSubject(ctx, principal.subject)
 * await revokeSubject(ctx, principal.subject, principal.jti)
 */
export async function revokeSubject(ctx: RequestContext, subject: string, keepJti?: string): Promise<void> {
  // Every path that stamps a customer ends their refresh families too (but the one `keepJti` came
  // from), and first: after the stamp no family can mint a token the stamp would not refuse.
  const customer = /^customer_([0-9]+)$/.exec(subject)
  if (customer) {
    const ended = await endCustomerFamilies(ctx.env.DB, Number(customer[1]), 'subject_revoked', Math.floor(ctx.now), keepJti)
    if (ended.length > 0) ctx.log({ event: 'refresh_families_ended', subject, families: ended.length })
    // The subject stamp refuses tokens issued up to this request's second; one a family minted just
    // before its end, in a later second, names the family: its end stamp refuses it.
    await Promise.all(ended.map((familyId) => stampFamilyEnd(ctx, familyId)))
  }
  const seconds = String(Math.floor(ctx.now))
  await put(ctx, nbfKey(subject), keepJti ? `${seconds} ${keepJti}` : seconds, SUBJECT_STAMP_TTL_SECONDS, ctx.now + REVOCATION_CACHE_SECONDS)
}

/** Forgets every cached answer (tests that change KV behind this isolate's back). */
export function clearRevocationCache(): void {
  cache.clear()
}

// iat has whole-second resolution in our tokens: one minted in the very second of a logout-
// everywhere may have been minted before it, so `iat <= stamp` is refused (a fresh login waits one
// second). A stamp is `<seconds>` or `<seconds> <jti>`, the jti being the one token it spares; an
// unreadable stamp refuses everything.
function isBeforeStamp(token: TokenFacts, stamp: string | null): boolean {
  if (stamp === null) return false
  const [seconds = '', spared] = stamp.split(' ')
  const notBefore = Number(seconds)
  if (!Number.isFinite(notBefore)) return true
  return Math.floor(token.iat) <= notBefore && token.jti !== spared
}

async function put(ctx: RequestContext, key: string, value: string, ttlSeconds: number, cacheUntil: number): Promise<void> {
  const expirationTtl = Math.max(ttlSeconds, KV_MIN_TTL_SECONDS)
  await kvCall(ctx, 'write', () => ctx.env.REVOKED.put(key, value, { expirationTtl }))
  epoch += 1
  cache.set(key, value, ctx.now, cacheUntil)
}

async function kvCall<T>(ctx: RequestContext, operation: 'read' | 'write', run: () => Promise<T>): Promise<T> {
  try {
    return await withTimeout(run(), ctx.config.kv.timeoutMs, `revocation ${operation}`)
  } catch (err) {
    fail('storage_unavailable', { detail: `revocation ${operation} failed: ${String(err)}`, event: { event: 'storage_unavailable', store: 'kv', operation } })
  }
}
