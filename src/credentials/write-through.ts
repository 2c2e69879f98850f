import type { Context } from 'hono'
import { revokeSubject, isLoginEmail } from '../auth'
import { type Principal, emailKeys, limitBody, readJsonObject } from '../core'
import type { RequestContext } from '../context'
import {
  changeCustomerEmail,
  customerIdsByEmail,
  forgetCustomerPassword,
  forgetPasswordsByEmail,
  markCustomerUnconfirmed,
  storeUnconfirmedCopy,
  type NamedCustomer,
} from './copy-store'
import { planCopy, type AnsweredCustomer, type CapturedRoute, type CopyPlan } from './capture-plan'

/** A request body read once: the bytes forwarded to the shop and the object parsed from them. */
export interface CapturedBody {
  bytes: ArrayBuffer
  value: Record<string, unknown>
}

/**
 * Reads the body of a captured route once, with the token endpoint's rules: at most 16 KiB (413),
 * `application/json`, strict UTF-8, one JSON object, no repeated key (400). A body the gateway
 * could read two ways is refused rather than forwarded, because forwarding it would let the shop
 * change a password the edge copy does not learn (an old password that keeps working at the edge).
 * The caller forwards exactly `bytes`.
 */
export async function readCapturedBody(c: Context): Promise<CapturedBody> {
  let value: Record<string, unknown> = {}
  await limitBody(c, async () => {
    value = await readJsonObject(c)
  })
  // c.req keeps the bytes it read: these are the bytes `value` was parsed from.
  return { bytes: await c.req.arrayBuffer(), value }
}

export interface WriteThroughOptions {
  route: CapturedRoute
  body: Record<string, unknown>
  /** The shop's answer; anything but 2xx passes through and changes nothing. */
  response: Response
  principal: Principal | undefined
  ctx: RequestContext
}

/**
 * After the shop accepted a captured request (2xx), ends what the change ends, all before the
 * answer goes back: the copy's old password (the copy then asks the shop first; the client's new
 * secret is never stored, since a 2xx does not prove the shop took it) and the tokens a password
 * change or reset ends; an account the shop's answer names is copied without a password. A D1
 * failure never changes the shop's answer: it is logged and the copy is marked "ask the shop
 * first". A revocation KV cannot store is 503 `storage_unavailable`, so a client never believes
 * its other sessions ended when they did not. Returns the answer to send (its body re-wrapped when
 * it had to be read).
 *
 * @example
 * const answer = await writeThrough({ route: 'password_change', body, response, principal, ctx })
 */
export async function writeThrough(options: WriteThroughOptions): Promise<Response> {
  const { route, response, ctx } = options
  if (response.status < 200 || response.status > 299) return response
  const { answer, passed } = ANSWER_NEEDED.has(route) ? await readAnswer(response) : { answer: undefined, passed: response }
  const plan = planCopy(route, options.body, answer, options.principal)
  const log = (event: string, fields: Record<string, string | number | undefined> = {}) => ctx.log({ event, route, ...fields })
  const revoke = await updateCopy(plan, ctx, log)
  for (const { subject, keepJti } of revoke) {
    await revokeSubject(ctx, subject, keepJti)
    log('tokens_revoked', { reason: plan.kind === 'reset' ? 'password_reset' : 'password_changed', subject, keptJti: keepJti })
  }
  return passed
}

// Only registration and an account made from an order need the shop's answer: the new id is there.
const ANSWER_NEEDED: ReadonlySet<CapturedRoute> = new Set(['register', 'create_from_order'])

type Log = (event: string, fields?: Record<string, string | number | undefined>) => void
type Revocation = { subject: string; keepJti?: string }

// Applies the plan to D1 and returns the subjects whose tokens the change ends. Never throws.
async function updateCopy(plan: CopyPlan, ctx: RequestContext, log: Log): Promise<Revocation[]> {
  const d1 = ctx.env.DB
  switch (plan.kind) {
    case 'create': {
      const { customer } = plan
      const keys = emailKeys(customer.email)
      const account = `customers:${customer.id}`
      // A copy holds only an email a login can name (src/auth/email.ts): the edge folds those alone.
      if (!isLoginEmail(customer.email)) await unreadable(log, account, () => markCustomerUnconfirmed(d1, { keys }))
      else
        await attempt(
          log,
          account,
          () => storeUnconfirmedCopy(d1, namedCopy(customer, ctx), keys),
          () => markCustomerUnconfirmed(d1, { id: customer.id }),
        )
      return []
    }
    case 'unnamed': {
      const { email } = plan
      await unreadable(log, 'unknown', () => (email === undefined ? Promise.resolve() : markCustomerUnconfirmed(d1, { keys: emailKeys(email) })))
      return []
    }
    case 'change': {
      const { customerId } = plan
      await attempt(
        log,
        `customers:${customerId}`,
        () => forgetCustomerPassword(d1, customerId),
        () => markCustomerUnconfirmed(d1, { id: customerId }),
      )
      return [{ subject: plan.subject, keepJti: plan.keepJti }]
    }
    case 'reset': {
      if (plan.email === undefined) {
        await unreadable(log, 'unknown', () => Promise.resolve())
        return []
      }
      // Every copy the email could mean under the shop's collation: all forget the password, all
      // sessions end. Read apart from the write, so a failed write still revokes the tokens found
      // (and a failed read, those of the copies written).
      const keys = emailKeys(plan.email)
      const ids = await customerIdsByEmail(d1, keys).catch((err: unknown) => {
        log('copy_lookup_failed', { error: errorName(err) })
        return [] as number[]
      })
      let written: number[] = []
      const forget = async () => {
        written = await forgetPasswordsByEmail(d1, keys)
        return written.length > 0
      }
      await attempt(log, accountsOf(ids), forget, () => markCustomerUnconfirmed(d1, { keys }))
      return [...new Set([...ids, ...written])].map((id) => ({ subject: `customer_${id}` }))
    }
    case 'email': {
      const { customerId, email } = plan
      const mark = () => markCustomerUnconfirmed(d1, { id: customerId })
      if (!isLoginEmail(email)) await unreadable(log, `customers:${customerId}`, mark)
      else await attempt(log, `customers:${customerId}`, () => changeCustomerEmail(d1, customerId, email, emailKeys(email)), mark)
      return []
    }
    case 'none':
      return []
  }
}

// Runs the write; when it fails, marks the copy "ask the shop first" so the stale copy is not used.
// A write that finds no copy (`false`) leaves nothing stale: the account's next login asks the shop.
async function attempt(log: Log, account: string, write: () => Promise<unknown>, mark: () => Promise<void>): Promise<void> {
  try {
    const found = await write()
    log(found === false ? 'copy_absent' : 'copy_written', { account })
  } catch (err) {
    // Only the error's name: a D1 error message may quote the new hash or the email.
    log('copy_write_failed', { account, error: errorName(err) })
    await markOrLog(log, account, mark)
  }
}

// The shop accepted a body the edge cannot read a credential from (a field missing or not a string).
async function unreadable(log: Log, account: string, mark: () => Promise<void>): Promise<void> {
  log('copy_write_skipped', { account, reason: 'fields_unreadable' })
  await markOrLog(log, account, mark)
}

async function markOrLog(log: Log, account: string, mark: () => Promise<void>): Promise<void> {
  try {
    await mark()
    log('copy_marked_unconfirmed', { account })
  } catch (err) {
    log('copy_mark_failed', { account, error: errorName(err) })
  }
}

// The answer is read whole to find the new customer's id, then sent on as the same bytes.
async function readAnswer(response: Response): Promise<{ answer: unknown; passed: Response }> {
  const bytes = await response.arrayBuffer()
  let answer: unknown
  try {
    answer = JSON.parse(new TextDecoder().decode(bytes))
  } catch {
    answer = undefined
  }
  const init = { status: response.status, statusText: response.statusText, headers: response.headers }
  return { answer, passed: new Response(bytes.byteLength === 0 ? null : bytes, init) }
}

// A new customer lands on the default website: the shop's answer does not say which (an existing
// copy of this id keeps its own).
function namedCopy(customer: AnsweredCustomer & { email: string }, ctx: RequestContext): NamedCustomer {
  return {
    id: customer.id,
    email: customer.email,
    firstName: customer.firstName ?? '',
    lastName: customer.lastName ?? '',
    websiteId: ctx.config.shop.defaultWebsiteId,
  }
}

function accountsOf(ids: number[]): string {
  return ids.length === 0 ? 'none' : ids.map((id) => `customers:${id}`).join(',')
}

function errorName(err: unknown): string {
  return err instanceof Error ? ('reason' in err && typeof err.reason === 'string' ? err.reason : err.name) : 'unknown'
}
