import type { Config } from '../config'
import type { RequestContext } from '../context'
import { markSecondFactor, lockKey, lockWait, recordCopySuccess, recordFailure, recordSuccess, type ServiceAccount } from '../db'
import { fail, maskName, type Principal, type TokenAnswer, type TokenRequest } from '../core'
import { startRefreshFamily } from './refresh-family'
import { GRANTS, type AccountRow, type Grant } from './grants'
import { hashPassword, isVerifiable, verifyAgainstDummy, verifyPassword, type PasswordCheck } from './passwords'
import { narrowPermissions } from './scope'
import { askShop } from './shop'
import { inBothDialects, issueToken } from './tokens'

/** Why a login goes to the shop rather than being answered from the D1 copy. */
export type ShopReason = 'unknown_account' | 'no_match' | 'unsupported_hash' | 'inactive' | 'unconfirmed' | 'second_factor' | 'stale' | 'guest_cart'

interface Match<Row> {
  row: Row
  check: PasswordCheck
}

/**
 * Answers a validated token request (docs/credentials.md "Which store answers"). The D1 copies of
 * the login name are checked with one verification each (a dummy one when there is none). A
 * matching, active, confirmed and recent copy answers at the edge, unless the customer brings a
 * guest cart, has the shop's second factor on or sends a code; everything else is asked of the
 * shop, once the name's lockout allows it: the shop's 2xx stores the copy and its answer goes to
 * the client; its 401 counts a failure and is the grant's one 401, except the second factor's
 * (`twofa_required`, not counted: the password was right; `twofa_invalid`, counted), which marks
 * the name's copies and is relayed; a shop that cannot be asked is 503, except for a matching
 * copy that is merely stale (or carries a cart), which then answers and says so in the log. Every success and
 * failure is decided against the lockout row as it is after the check (a lock set meanwhile wins).
 *
 * @example
 * return c.json(await login(parseTokenRequest(body), c.get('ctx'), new URL(c.req.url)))
 */
export function login(request: TokenRequest, ctx: RequestContext, requestUrl: URL): Promise<TokenAnswer> {
  // One call per grant so that each row type stays checked; the table decides everything else.
  switch (request.grant) {
    case 'customer':
      return loginWith(GRANTS.customer, request, ctx, requestUrl)
    case 'client_credentials':
      return loginWith(GRANTS.client_credentials, request, ctx, requestUrl)
    case 'api_user':
      return loginWith(GRANTS.api_user, request, ctx, requestUrl)
  }
}

/**
/**
 * Checks a client's id and secret exactly as the client_credentials grant does (same copy, shop
 * fallback, lockout and one 401 `invalid_client`) and returns its account without answering a
 * token: how the revocation and introspection endpoints authenticate a client (RFC 7009 §2.1,
 * RFC 7662 §2.1). When only the shop can tell, the shop's token is asked for and dropped unused.
 */
export async function verifyClient(clientId: string, clientSecret: string, ctx: RequestContext, requestUrl: URL): Promise<ServiceAccount> {
  const request: TokenRequest = { grant: 'client_credentials', name: clientId, secret: clientSecret }
  return (await checkLogin(GRANTS.client_credentials, request, ctx, requestUrl)).row
}

/**
 * A fresh token for an account and the answer it goes in, in both dialects (the grant's own answer
 * fields added). Login and refresh answer with it; the principal tells them the token's jti and exp.
 * A refresh passes the jti it recorded and the refresh family the token is minted from (`sid`).
 */
export async function tokenAnswer<Row extends AccountRow>(
  grant: Grant<Row>,
  row: Row,
  ctx: RequestContext,
  minted: { jti?: string; sid?: string | undefined; scope?: readonly string[] | undefined } = {},
): Promise<IssuedAnswer> {
  const identity = grant.identity(row)
  const { scope } = minted
  if (scope === undefined || identity.type !== 'api_user') {
    const { principal, answer } = await issueToken(identity, ctx.config, ctx.now, minted.jti, minted.sid)
    return { principal, answer: inBothDialects({ ...answer, ...grant.answerFields(row) }) }
  }
  // A narrowed token: its `permissions` claim and answer field are the granted scope, which the
  // answer also names (RFC 6749 §5.1 `scope`).
  const { principal, answer } = await issueToken({ ...identity, permissions: [...scope], scope: [...scope] }, ctx.config, ctx.now, minted.jti, minted.sid)
  return { principal, answer: inBothDialects({ ...answer, ...grant.answerFields(row), permissions: [...scope], scope: scope.join(' ') }) }
}

/** The permissions a token request's `scope` grants the account, or undefined without one; 400 `invalid_scope` for one it lacks. */
function grantedScope<Row extends AccountRow>(grant: Grant<Row>, row: Row, request: TokenRequest): string[] | undefined {
  const identity = grant.identity(row)
  if (request.scope === undefined || identity.type !== 'api_user') return undefined
  const narrowed = narrowPermissions(identity.permissions, request.scope)
  if (!narrowed.ok)
    fail('invalid_scope', { detail: narrowed.reason, event: { event: 'scope_refused', grant: request.grant, account: `${grant.table}:${row.id}` } })
  return narrowed.value
}

/** A token answer and the principal its token speaks for. */
interface IssuedAnswer {
  principal: Pick<Principal, 'jti' | 'exp'>
  answer: TokenAnswer
}

/**
 * Whether the D1 copy can answer a login, or why the shop must be asked. Pure.
 * A copy never confirmed (`confirmed_at` null) is never used without the shop.
 */
export function whyAskShop(
  copy: { match: { isActive: boolean; confirmedAt: number | null; secondFactor?: boolean } | undefined; rows: number; unverifiable: boolean },
  request: Pick<TokenRequest, 'guestCart' | 'twofaCode'>,
  now: number,
  config: Pick<Config, 'shop'>,
): ShopReason | undefined {
  const { match } = copy
  if (!match) return copy.unverifiable ? 'unsupported_hash' : copy.rows === 0 ? 'unknown_account' : 'no_match'
  if (!match.isActive) return 'inactive'
  if (match.confirmedAt === null) return 'unconfirmed'
  // Only the shop holds the TOTP secret; a code sent for a copy without the flag may mean the
  // customer turned the second factor on since (docs/credentials.md "The second factor").
  if (match.secondFactor === true || request.twofaCode !== undefined) return 'second_factor'
  if (request.guestCart) return 'guest_cart'
  if (now - match.confirmedAt > config.shop.confirmAgeSeconds) return 'stale'
  return undefined
}

async function loginWith<Row extends AccountRow>(grant: Grant<Row>, request: TokenRequest, ctx: RequestContext, requestUrl: URL): Promise<TokenAnswer> {
  const checked = await checkLogin(grant, request, ctx, requestUrl)
  const scope = grantedScope(grant, checked.row, request)
  // The shop's token carries every permission of the account: a narrowed one is always minted here.
  const { principal, answer } = scope ? await tokenAnswer(grant, checked.row, ctx, { scope }) : (checked.shop ?? (await tokenAnswer(grant, checked.row, ctx)))
  ctx.log({ event: 'login_succeeded', grant: request.grant, account: describe(grant, checked.row), source: checked.shop ? 'shop' : 'copy' })
  return withSession(grant, checked.row, principal, answer, ctx)
}

/** A login that passed: the account, and the shop's answer when the shop decided it. */
interface CheckedLogin<Row> {
  row: Row
  shop?: IssuedAnswer
}

async function checkLogin<Row extends AccountRow>(
  grant: Grant<Row>,
  request: TokenRequest,
  ctx: RequestContext,
  requestUrl: URL,
  onPrimary = false,
): Promise<CheckedLogin<Row>> {
  // The copies may come from the nearest replica (from the primary when a copy answering there
  // turned out to be behind it: `again`); the lockout is read and decided on the primary.
  const primary = ctx.env.DB
  const rows = await grant.findByName(onPrimary ? primary : ctx.db, request.name, ctx.config)
  const { match, unverifiable } = await findMatch(grant, rows, request.secret)
  const login = {
    grant: request.grant,
    account: describe(grant, match?.row ?? rows[0]),
    key: await lockKey(request.grant, request.name),
    now: Math.floor(ctx.now),
  }
  const reason = whyAskShop({ match: match?.row, rows: rows.length, unverifiable }, request, ctx.now, ctx.config)
  const again = onPrimary ? undefined : () => checkLogin(grant, request, ctx, requestUrl, true)
  if (!reason) return answerFromCopy(grant, match!, request.secret, ctx, login, again)

  const wait = await lockWait(primary, login.key, login.now)
  if (wait > 0) locked(login, wait)
  ctx.log({ event: 'shop_asked', grant: request.grant, reason, identity: maskName(request.name) })
  const verdict = await askShop(request, ctx, requestUrl)
  switch (verdict.kind) {
    case 'granted': {
      const secondFactor = request.twofaCode !== undefined
      const row = await grant.storeCopy(ctx.db, {
        ...verdict,
        name: request.name,
        hash: await hashPassword(request.secret),
        secondFactor,
        rows,
        config: ctx.config,
        now: ctx.now,
      })
      ctx.log({ event: 'account_copied', grant: request.grant, account: describe(grant, row), source: 'fallback' })
      const wait = await recordSuccess(primary, login.key, login.now)
      if (wait > 0) locked(login, wait)
      const expiresIn = typeof verdict.answer.expires_in === 'number' ? verdict.answer.expires_in : Math.round(verdict.principal.exp - ctx.now)
      return {
        row,
        shop: { principal: verdict.principal, answer: inBothDialects({ ...verdict.answer, token: verdict.token, expiresIn, ...grant.answerFields(row) }) },
      }
    }
    case 'refused': {
      const wait = await recordFailure(primary, login.key, login.now, ctx.config.lockout)
      if (wait > 0) locked(login, wait)
      return fail(grant.refusal, {
        detail: `${request.grant}: the shop refused (${reason})`,
        event: {
          event: 'login_failed',
          grant: request.grant,
          reason: failureOf(reason),
          account: rows[0] ? login.account : undefined,
          identity: maskName(request.name),
        },
      })
    }
    case 'second_factor': {
      // The shop checks the code only after the password proved right: the name's copies learn
      // that it wants one. A missing code is no failed password; a wrong code is a failed guess.
      if (grant.table === 'customers')
        await markSecondFactor(
          primary,
          rows.map((row) => row.id),
        )
      if (verdict.refusal === 'twofa_invalid') {
        const wait = await recordFailure(primary, login.key, login.now, ctx.config.lockout)
        if (wait > 0) locked(login, wait)
      }
      return fail(verdict.refusal, {
        detail: `${request.grant}: the shop wants the second factor (${reason})`,
        event: {
          event: verdict.refusal === 'twofa_invalid' ? 'login_failed' : 'second_factor_required',
          grant: request.grant,
          reason: verdict.refusal,
          account: rows[0] ? login.account : undefined,
          identity: maskName(request.name),
        },
      })
    }
    case 'unavailable': {
      // Logins keep working while the shop is down, but only on a copy the shop once confirmed.
      const usable = match && (reason === 'stale' || reason === 'guest_cart')
      ctx.log({ event: 'shop_unavailable', grant: request.grant, reason, detail: verdict.detail, answeredFromCopy: Boolean(usable) })
      if (usable) return answerFromCopy(grant, match, request.secret, ctx, login, again)
      return fail('shop_unavailable', { detail: `${request.grant}: the shop cannot be asked (${verdict.detail})` })
    }
  }
}

interface LoginFacts {
  grant: TokenRequest['grant']
  /** `customers:12`, `service_accounts:3` or `unknown`, for the log. */
  account: string
  key: string
  now: number
}

// The copy answers only if the primary still has the row as it was verified (same stored secret,
// active, confirmed): the check and the lockout reset are one batch, so a copy a replica served
// after a password change or a deactivation clears nothing, and the login is decided `again` on
// the primary's rows (its failures counted there). Rows read on the primary have no `again`: a
// change committed since that read raced this login, which then counts as made before it.
async function answerFromCopy<Row extends AccountRow>(
  grant: Grant<Row>,
  match: Match<Row>,
  secret: string,
  ctx: RequestContext,
  login: LoginFacts,
  again?: () => Promise<CheckedLogin<Row>>,
): Promise<CheckedLogin<Row>> {
  const { wait, unchanged } = await recordCopySuccess(ctx.env.DB, login.key, login.now, grant.unchanged(match.row))
  if (wait > 0) locked(login, wait)
  if (!unchanged && again) {
    ctx.log({ event: 'replica_behind', grant: login.grant, account: login.account })
    return again()
  }
  if (match.check.needsRehash) await upgradeHash(grant, match.row, secret, ctx, login.account)
  return { row: match.row }
}

// A customer login also starts a refresh family beside its access token, whoever minted that
// token (gatehouse or the shop), and answers the refresh token (docs/sessions.md).
async function withSession<Row extends AccountRow>(
  grant: Grant<Row>,
  row: Row,
  access: { jti: string; exp: number },
  answer: TokenAnswer,
  ctx: RequestContext,
): Promise<TokenAnswer> {
  if (!grant.refreshTokens) return answer
  return { ...answer, ...(await startRefreshFamily(row.id, access, ctx)) }
}

function locked(login: LoginFacts, wait: number): never {
  fail('account_locked', {
    detail: `${login.account} locked`,
    headers: { 'Retry-After': String(wait) },
    event: { event: 'account_locked', grant: login.grant, account: login.account, retryAfter: wait },
  })
}

// The reasons a login_failed line gives: what was wrong with the copy when the shop said no.
function failureOf(reason: ShopReason): string {
  return reason === 'no_match' || reason === 'unsupported_hash' ? 'wrong_secret' : reason
}

function describe<Row extends AccountRow>(grant: Grant<Row>, row: Row | undefined): string {
  return row ? `${grant.table}:${row.id}` : 'unknown'
}

// Tries the copies in order and stops at the first whose stored secret matches. With no stored
// secret at all, one dummy verification costs what a real one would. `unverifiable`: a copy holds a
// hash Workers cannot check (argon2), which only the shop can.
async function findMatch<Row extends AccountRow>(grant: Grant<Row>, rows: Row[], secret: string): Promise<{ match?: Match<Row>; unverifiable: boolean }> {
  let verified = false
  let unverifiable = false
  for (const row of rows) {
    const stored = grant.storedSecret(row)
    if (!stored) continue
    if (!isVerifiable(stored)) {
      unverifiable = true
      continue
    }
    verified = true
    const check = await verifyPassword(secret, stored)
    if (check.ok) return { match: { row, check }, unverifiable }
  }
  if (!verified) await verifyAgainstDummy(secret)
  return { unverifiable }
}

// A failed upgrade is logged and swallowed: the login already succeeded and the old hash still works.
async function upgradeHash<Row extends AccountRow>(grant: Grant<Row>, row: Row, secret: string, ctx: RequestContext, account: string): Promise<void> {
  try {
    await grant.storeSecret(ctx.db, row.id, await hashPassword(secret))
  } catch (err) {
    // Only the error's name: a D1 error message may quote the new hash.
    ctx.log({ event: 'rehash_failed', account, error: err instanceof Error ? err.name : 'unknown' })
  }
}
