import type { RequestContext } from '../context'
import { recordFailure, recordSuccess } from '../db/lockout'
import { fail } from '../errors'
import { maskName } from '../log'
import { GRANTS, type Grant } from './grants'
import { lockKey } from './lockout'
import { hashPassword, verifyAgainstDummy, verifyPassword, type PasswordCheck } from './passwords'
import { issueToken } from './tokens'
import type { ServiceAccount } from '../db/schema'
import type { TokenAnswer, TokenRequest } from './types'

type AccountRow = { id: number; isActive: boolean }

/**
 * Answers a validated token request the way every grant must: find the D1 copies of the login
 * name, check the secret with exactly one verification per copy (a dummy one when there is none),
 * then decide against the lockout row as it is after the check: locked → 429 `account_locked` with
 * Retry-After whatever the secret was; unknown, wrong or inactive → count a failure and answer the
 * grant's one 401; right → clear the failures, upgrade a legacy hash, issue the token.
 *
 * @example
 * return c.json(await login(parseTokenRequest(body), c.get('ctx')))
 */
export function login(request: TokenRequest, ctx: RequestContext): Promise<TokenAnswer> {
  // One call per grant so that each row type stays checked; the table decides everything else.
  switch (request.grant) {
    case 'customer':
      return loginWith(GRANTS.customer, request, ctx)
    case 'client_credentials':
      return loginWith(GRANTS.client_credentials, request, ctx)
    case 'api_user':
      return loginWith(GRANTS.api_user, request, ctx)
  }
}

/**
 * Checks a client's id and secret exactly as the client_credentials grant does (same lockout, one
 * verification, the same 401 `invalid_client`) without issuing a token, and returns its account:
 * how the revocation and introspection endpoints authenticate a client (RFC 7009 §2.1, RFC 7662 §2.1).
 */
export function verifyClient(clientId: string, clientSecret: string, ctx: RequestContext): Promise<ServiceAccount> {
  return checkSecret(GRANTS.client_credentials, { grant: 'client_credentials', name: clientId, secret: clientSecret }, ctx)
}

/**
 * The token answer for an account: a fresh token plus the grant's own answer fields, in both
 * dialects: the shop's `token`, `tokenType`, `expiresIn` and RFC 6749 §5.1's `access_token`,
 * `token_type`, `expires_in`. Login and refresh both answer with it.
 */
export async function tokenAnswer<Row extends AccountRow>(grant: Grant<Row>, row: Row, ctx: RequestContext): Promise<TokenAnswer> {
  const { answer } = await issueToken(grant.identity(row), ctx.config, ctx.now)
  return { ...answer, access_token: answer.token, token_type: answer.tokenType, expires_in: answer.expiresIn, ...grant.answerFields(row) }
}

async function loginWith<Row extends AccountRow>(grant: Grant<Row>, request: TokenRequest, ctx: RequestContext): Promise<TokenAnswer> {
  return tokenAnswer(grant, await checkSecret(grant, request, ctx), ctx)
}

async function checkSecret<Row extends AccountRow>(grant: Grant<Row>, request: TokenRequest, ctx: RequestContext): Promise<Row> {
  const rows = await grant.findByName(ctx.env.DB, request.name, ctx.config)
  const match = await findMatch(grant, rows, request.secret)
  const account = rows[0] ? `${grant.table}:${(match?.row ?? rows[0]).id}` : 'unknown'
  const key = await lockKey(request.grant, request.name)
  const now = Math.floor(ctx.now)
  const locked = (wait: number): never =>
    fail('account_locked', {
      detail: `${account} locked`,
      headers: { 'Retry-After': String(wait) },
      event: { event: 'account_locked', grant: request.grant, account, retryAfter: wait },
    })

  if (!match?.row.isActive) {
    // A right secret on an inactive account counts exactly like a wrong one.
    const wait = await recordFailure(ctx.env.DB, key, now, ctx.config.lockout)
    if (wait > 0) locked(wait)
    const reason = match ? 'inactive' : rows.length > 0 ? 'wrong_secret' : 'unknown_account'
    fail(grant.refusal, {
      detail: `${request.grant}: ${reason}`,
      event: { event: 'login_failed', grant: request.grant, reason, account: rows[0] ? account : undefined, identity: maskName(request.name) },
    })
  }
  const wait = await recordSuccess(ctx.env.DB, key, now)
  if (wait > 0) locked(wait)
  if (match.check.needsRehash) await upgradeHash(grant, match.row, request.secret, ctx, account)
  return match.row
}

// Tries the copies in order and stops at the first whose stored secret matches. With no stored
// secret at all, one dummy verification costs what a real one would.
async function findMatch<Row extends AccountRow>(grant: Grant<Row>, rows: Row[], secret: string): Promise<{ row: Row; check: PasswordCheck } | undefined> {
  let verified = false
  for (const row of rows) {
    const stored = grant.storedSecret(row)
    if (!stored) continue
    verified = true
    const check = await verifyPassword(secret, stored)
    if (check.ok) return { row, check }
  }
  if (!verified) await verifyAgainstDummy(secret)
  return undefined
}

// A failed upgrade is logged and swallowed: the login already succeeded and the old hash still works.
async function upgradeHash<Row extends AccountRow>(grant: Grant<Row>, row: Row, secret: string, ctx: RequestContext, account: string): Promise<void> {
  try {
    await grant.storeSecret(ctx.env.DB, row.id, await hashPassword(secret))
  } catch (err) {
    // Only the error's name: a D1 error message may quote the new hash.
    ctx.log({ event: 'rehash_failed', account, error: err instanceof Error ? err.name : 'unknown' })
  }
}
