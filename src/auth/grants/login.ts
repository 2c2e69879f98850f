import type { Config } from '../../config'
import { query } from '../../db/client'
import { recordLoginFailure, recordLoginSuccess, type CredentialTable } from '../../db/lockout'
import type { Env } from '../../env'
import { fail } from '../../errors'
import { lockRemaining } from '../lockout'
import { hashPassword, verifyAgainstDummy, verifyPassword, type PasswordCheck } from '../passwords'

interface CredentialRow {
  id: number
  isActive: boolean
  lockedUntil: number | null
}

/** One login attempt against a credential row that may not exist. */
export interface LoginAttempt<Row extends CredentialRow> {
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
  const { row, table, secret, refusal } = attempt
  const check = await verifySecret(secret, attempt.stored)
  if (!row) fail(refusal, `unknown ${table} account`)

  const wait = lockRemaining(row, now)
  if (wait > 0) fail('account_locked', `${table} ${row.id} locked`, { 'Retry-After': String(wait) })

  if (!check.ok) {
    await query(() => recordLoginFailure(env.DB, table, row.id, Math.floor(now), config.lockout))
    fail(refusal, `${table} ${row.id}: wrong secret`)
  }
  if (!row.isActive) fail(refusal, `${table} ${row.id}: inactive`)

  await query(() => recordLoginSuccess(env.DB, table, row.id))
  if (check.needsRehash) await upgradeHash(secret, attempt.rehash, `${table} ${row.id}`)
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
    console.error(JSON.stringify({ event: 'rehash_failed', account: who, error: String(err) }))
  }
}
