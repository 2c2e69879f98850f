import type { Context } from 'hono'
import { revokeSubject, type Principal } from '../auth'
import { hashPassword } from '../auth/passwords'
import { limitBody, readJsonObject } from '../auth/request-body'
import type { RequestContext } from '../context'
import { upsertCustomerCopy, type CustomerCopy } from '../db/copies'
import { changeCustomerEmail, customerIdsByEmail, markCustomerUnconfirmed, resetCustomerPassword, setCustomerPassword } from '../db/write-through'
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
 * After the shop accepted a captured request (2xx), updates the edge copy from what the gateway saw
 * and revokes the tokens a password change or reset ends, all before the answer goes back. A D1
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
  const { now } = ctx
  const d1 = ctx.env.DB
  switch (plan.kind) {
    case 'create': {
      const { customer, email, password } = plan
      const account = customer ? `customers:${customer.id}` : 'unknown'
      const mark = () => (customer ? markCustomerUnconfirmed(d1, { id: customer.id }) : email ? markCustomerUnconfirmed(d1, { email }) : Promise.resolve())
      if (!customer || email === undefined || password === undefined) await unreadable(log, account, mark)
      else await attempt(log, account, async () => void (await upsertCustomerCopy(d1, await newCopy(customer, email, password, ctx), now)), mark)
      return []
    }
    case 'change': {
      const { customerId, password } = plan
      const mark = () => markCustomerUnconfirmed(d1, { id: customerId })
      if (password === undefined) await unreadable(log, `customers:${customerId}`, mark)
      else await attempt(log, `customers:${customerId}`, async () => setCustomerPassword(d1, customerId, await hashPassword(password), now), mark)
      return [{ subject: plan.subject, keepJti: plan.keepJti }]
    }
    case 'reset': {
      const { email, password } = plan
      if (email === undefined) {
        await unreadable(log, 'unknown', () => Promise.resolve())
        return []
      }
      // Read apart from the write, so a failed write still revokes the tokens of the copies found.
      const ids = await customerIdsByEmail(d1, email).catch((err: unknown) => {
        log('copy_lookup_failed', { error: errorName(err) })
        return [] as number[]
      })
      const mark = () => markCustomerUnconfirmed(d1, { email })
      if (password === undefined) await unreadable(log, accountsOf(ids), mark)
      else await attempt(log, accountsOf(ids), async () => (await resetCustomerPassword(d1, email, await hashPassword(password), now)).length > 0, mark)
      return ids.map((id) => ({ subject: `customer_${id}` }))
    }
    case 'email':
      await attempt(log, `customers:${plan.customerId}`, () => changeCustomerEmail(d1, plan.customerId, plan.email), () =>
        markCustomerUnconfirmed(d1, { id: plan.customerId }))
      return []
    case 'none':
      return []
  }
}

// Runs the write; when it fails, marks the copy "ask the shop first" so the stale copy is not used.
// A write that finds no copy (`false`) leaves nothing stale: the account's next login asks the shop.
async function attempt(log: Log, account: string, write: () => Promise<boolean | void>, mark: () => Promise<void>): Promise<void> {
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
async function newCopy(customer: AnsweredCustomer, email: string, password: string, ctx: RequestContext): Promise<CustomerCopy> {
  const names = { firstName: customer.firstName ?? '', lastName: customer.lastName ?? '' }
  return { id: customer.id, email, ...names, passwordHash: await hashPassword(password), websiteId: ctx.config.shop.defaultWebsiteId }
}

function accountsOf(ids: number[]): string {
  return ids.length === 0 ? 'none' : ids.map((id) => `customers:${id}`).join(',')
}

function errorName(err: unknown): string {
  return err instanceof Error ? (('reason' in err && typeof err.reason === 'string' ? err.reason : err.name)) : 'unknown'
}
