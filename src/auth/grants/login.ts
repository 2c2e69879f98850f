import type { Config } from '../../config'
import { query } from '../../db/client'
import { recordLoginFailure, recordLoginSuccess, recordUnknownFailure, type CredentialTable } from '../../db/lockout'
import type { Env } from '../../env'
import { fail } from '../../errors'
import { logEvent, maskName } from '../../log'
import { identityKey } from '../identity-key'
import { lockRemaining } from '../lockout'
import { hashPassword, verifyAgainstDummy, verifyPassword, type PasswordCheck } from '../passwords'

interface CredentialRow {
  id: number
  isActive: boolean
  lockedUntil: number | null
}

/** One login attempt against a credential row that may not exist. */
export interface LoginAttempt<Row extends CredentialRow> {
  grant: 'customer' | 'client_credentials' | 'api_user'
  /** The email, username or client_id the client sent; logged only masked. */
  name: string
  row: Row | undefined
  table: CredentialTable
  /** The stored hash of the secret this grant checks (null: the account has no such secret). */
  stored: string | null | undefined
  secret: string
  /** The grant's refusal: the same answer for unknown, wrong and inactive. */
  refusal: 'invalid_credentials' | 'invalid_client'
  /** Stores an upgraded hash of the secret. */
  rehash: (hash: string) => Promise<void>
}

/**
 * Checks a login the way every grant must: always exactly one verification (a dummy one when the
 * account or its secret is unknown), then locked → 429 `account_locked` with Retry-After whatever
 * the secret was, unknown / wrong / inactive → the grant's one 401, success → reset the failure
 * count and upgrade a legacy hash. Returns the row of a successful login.
 */
export async function checkLogin<Row extends CredentialRow>(attempt: LoginAttempt<Row>, env: Env, config: Config, now: number): Promise<Row> {
  const { row, table, secret, refusal, grant } = attempt
  const check = await verifySecret(secret, attempt.stored)
  const refuse = (reason: string, account?: string): never =>
    fail(refusal, `${grant}: ${reason}`, undefined, { event: 'login_failed', grant, reason, account, identity: maskName(attempt.name) })
  const locked = (wait: number, account: string): never =>
    fail('account_locked', `${account} locked`, { 'Retry-After': String(wait) }, { event: 'account_locked', grant, account, retryAfter: wait })

  if (!row) {
    // Unknown names are counted and locked like accounts, so a 429 does not reveal which exist.
    const key = await identityKey(grant, attempt.name)
    const wait = await query(() => recordUnknownFailure(env.DB, key, Math.floor(now), config.lockout))
    if (wait > 0) locked(wait, 'unknown')
    return refuse('unknown_account')
  }

  const account = `${table}:${row.id}`
  const wait = lockRemaining(row, now)
  if (wait > 0) locked(wait, account)

  if (!check.ok) {
    await query(() => recordLoginFailure(env.DB, table, row.id, Math.floor(now), config.lockout))
    refuse('wrong_secret', account)
  }
  if (!row.isActive) refuse('inactive', account)

  await query(() => recordLoginSuccess(env.DB, table, row.id))
  if (check.needsRehash) await upgradeHash(secret, attempt.rehash, account)
  return row
}

async function verifySecret(secret: string, stored: string | null | undefined): Promise<PasswordCheck> {
  if (!stored) {
    await verifyAgainstDummy(secret)
    return { ok: false, needsRehash: false }
  }
  return verifyPassword(secret, stored)
}

// A failed upgrade is logged and swallowed: the login already succeeded and the old hash still works.
async function upgradeHash(secret: string, store: (hash: string) => Promise<void>, who: string): Promise<void> {
  try {
    await store(await hashPassword(secret))
  } catch (err) {
    // Only the error's name: a D1 error message may quote the new hash.
    logEvent({ event: 'rehash_failed', account: who, error: err instanceof Error ? err.name : 'unknown' })
  }
}
