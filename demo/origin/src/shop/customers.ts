// The shop's customer endpoints that set or change credentials, and the customer records behind
// /customers/me and /customers/{id}. Each answer is the echo plus the shop's own fields.
import type { Context } from 'hono'
import { echo } from '../echo'
import { customerByEmail, customerById, insertCustomer, publicCustomer, setPasswordHash, updateCustomer } from './accounts'
import type { ShopApp } from './app'
import { isEmail, readFields, stringField, type Fields } from './body'
import { DEMO_ORDER_TOKEN_PREFIX, DEMO_RESET_TOKEN, MAX_PASSWORD_BYTES, MIN_PASSWORD_LENGTH } from './config'
import { shopError } from './errors'
import { hashPassword, verifyPassword } from './passwords'
import { shopDb } from './state'

type ShopContext = Context<ShopApp>

const SUCCESS = (message: string) => ({ success: true, message })

/** POST /customers: registers and answers the new customer with its id. */
export async function register(c: ShopContext): Promise<Response> {
  const fields = await readFields(c.req.raw.clone())
  if (!fields) return shopError('invalid_json')
  const [email, password, firstName, lastName] = ['email', 'password', 'firstName', 'lastName'].map((n) => stringField(fields, n))
  if (!email || !password || !firstName || !lastName) return shopError('fields_missing')
  if (!isEmail(email)) return shopError('invalid_email')
  if (!acceptablePassword(password)) return shopError('weak_password')
  const db = await shopDb(c.env.SHOP_DB)
  const created = await insertCustomer(db, { email, passwordHash: await hashPassword(password), firstName, lastName })
  if (!created) return shopError('email_taken')
  return c.json(await echo(c.req.raw, publicCustomer(created)))
}

/** POST /customers/me/password: the customer's current password, then the new one. */
export async function changePassword(c: ShopContext): Promise<Response> {
  const principal = c.get('principal')
  // A service token has no "me" to change: the demo shows the request as it would any other.
  if (principal?.type !== 'customer') return c.json(await echo(c.req.raw))
  const fields = await readFields(c.req.raw.clone())
  if (!fields) return shopError('invalid_json')
  const current = stringField(fields, 'currentPassword')
  const next = stringField(fields, 'newPassword')
  if (!current || !next) return shopError('password_fields_missing')
  if (!(await verifyPassword(current, principal.customer.passwordHash))) return shopError('wrong_current_password')
  if (!acceptablePassword(next)) return shopError('weak_password')
  await setPasswordHash(await shopDb(c.env.SHOP_DB), principal.customer.id, await hashPassword(next))
  return c.json(await echo(c.req.raw, SUCCESS('Password changed')))
}

/** POST /customers/forgot-password: always the same success, whether the email exists or not. */
export async function forgotPassword(c: ShopContext): Promise<Response> {
  return c.json(await echo(c.req.raw, SUCCESS('If the email is registered, a reset link has been sent')))
}

/** POST /customers/reset-password: `email`, `resetToken` (always `demo-reset-token`), `newPassword`. */
export async function resetPassword(c: ShopContext): Promise<Response> {
  const fields = await readFields(c.req.raw.clone())
  if (!fields) return shopError('invalid_json')
  const [email, resetToken, next] = ['email', 'resetToken', 'newPassword'].map((n) => stringField(fields, n))
  if (!email || !resetToken || !next) return shopError('reset_fields_missing')
  const db = await shopDb(c.env.SHOP_DB)
  const customer = await customerByEmail(db, email)
  // An unknown email and a wrong token get the same answer: the endpoint tells no one who is registered.
  if (!customer || resetToken !== DEMO_RESET_TOKEN) return shopError('invalid_reset_token')
  if (!acceptablePassword(next)) return shopError('weak_password')
  await setPasswordHash(db, customer.id, await hashPassword(next))
  return c.json(await echo(c.req.raw, SUCCESS('Password has been reset')))
}

/**
 * POST /customers/create-from-order: turns a guest order into an account. The demo's account
 * token is `demo-order:<the order's email>`, so each test can create its own customer.
 */
export async function createFromOrder(c: ShopContext): Promise<Response> {
  const fields = await readFields(c.req.raw.clone())
  if (!fields) return shopError('invalid_json')
  const accountToken = stringField(fields, 'accountToken')
  const password = stringField(fields, 'password')
  if (!accountToken || !password) return shopError('order_fields_missing')
  const email = accountToken.startsWith(DEMO_ORDER_TOKEN_PREFIX) ? accountToken.slice(DEMO_ORDER_TOKEN_PREFIX.length) : ''
  if (!isEmail(email)) return shopError('invalid_account_token')
  if (!acceptablePassword(password)) return shopError('weak_password')
  const db = await shopDb(c.env.SHOP_DB)
  const created = await insertCustomer(db, { email, passwordHash: await hashPassword(password), firstName: 'Guest', lastName: 'Customer' })
  if (!created) return shopError('email_taken')
  return c.json(await echo(c.req.raw, publicCustomer(created)))
}

/** PUT /customers/me: may change `email`, `firstName`, `lastName`; answers the customer as stored. */
export async function updateMe(c: ShopContext): Promise<Response> {
  const principal = c.get('principal')
  if (principal?.type !== 'customer') return c.json(await echo(c.req.raw))
  const fields = await readFields(c.req.raw.clone())
  if (!fields) return shopError('invalid_json')
  const changes = profileChanges(fields)
  if (typeof changes === 'string') return shopError(changes)
  const unchanged = Object.keys(changes).length === 0
  const updated = unchanged ? principal.customer : await updateCustomer(await shopDb(c.env.SHOP_DB), principal.customer.id, changes)
  if (!updated) return shopError('email_taken')
  return c.json(await echo(c.req.raw, publicCustomer(updated)))
}

/** GET /customers/me: the token's customer as the shop holds it (null for a service token). */
export async function showMe(c: ShopContext): Promise<Response> {
  const principal = c.get('principal')
  const data = principal?.type === 'customer' ? publicCustomer(principal.customer) : null
  return c.json(await echo(c.req.raw, { data }))
}

/** GET /customers/{id}: the customer as the shop holds it, or null. */
export async function showCustomer(c: ShopContext): Promise<Response> {
  const id = Number(c.req.param('id'))
  const row = Number.isSafeInteger(id) && id > 0 ? await customerById(await shopDb(c.env.SHOP_DB), id) : undefined
  return c.json(await echo(c.req.raw, { data: row ? publicCustomer(row) : null }))
}

type ProfileChanges = { email?: string; firstName?: string; lastName?: string }

function profileChanges(fields: Fields): ProfileChanges | 'invalid_email' | 'invalid_name' {
  const changes: ProfileChanges = {}
  if (fields.email !== undefined) {
    if (typeof fields.email !== 'string' || !isEmail(fields.email)) return 'invalid_email'
    changes.email = fields.email
  }
  for (const name of ['firstName', 'lastName'] as const) {
    const value = fields[name]
    if (value === undefined) continue
    if (typeof value !== 'string' || value.trim() === '') return 'invalid_name'
    changes[name] = value
  }
  return changes
}

function acceptablePassword(password: string): boolean {
  return password.length >= MIN_PASSWORD_LENGTH && new TextEncoder().encode(password).byteLength <= MAX_PASSWORD_BYTES
}
