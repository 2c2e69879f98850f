import type { GrantName } from './types'

/** Lockout after repeated failed logins: how many failures, within what window, lock for how long. */
export interface LockoutPolicy {
  /** Failures within one window that lock the login name. */
  maxFailures: number
  /** Length of the counting window, from its first failure, in seconds. */
  windowSeconds: number
  /** How long a lock lasts, in seconds. */
  lockSeconds: number
}

/**
 * The key under which failed logins are counted: SHA-256 hex of the grant and the login name as
 * the lookup compares it (customer emails case-insensitively, client ids and usernames exactly).
 * Per name, not per account row: unknown names lock exactly like known ones, an email on several
 * websites is one name, and a service account's client secret (`client_credentials:<client_id>`)
 * and api key (`api_user:<username>`) lock apart, so failures at a guessable username never lock
 * the integration's client id. The lockout table never stores the name itself.
 *
 * @example
 * await lockKey('customer', 'Jane@Example.com') // same key as 'jane@example.com'
 */
export async function lockKey(grant: GrantName, name: string): Promise<string> {
  const normalised = grant === 'customer' ? name.toLowerCase() : name
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(`${grant}:${normalised}`))
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('')
}
