// `POST /api/rest/v2/auth/token`, as the shop answers it (docs/security.md, "The auth endpoints"):
// three grants, the shop's errors, and the shop's own field names (`token_type`, `expires_in`).
import type { Context } from 'hono'
import { apiUserBy, customerByEmail, publicCustomer, setPasswordHash, twofaSecret } from './accounts'
import { customerCart, MASKED_ID, mergeGuestCart } from './carts'
import { isEmail, readFields, stringField, type Fields } from './body'
import { ALLOW_2FA, SHOP_JWT } from './config'
import { shopError } from './errors'
import { hashPassword, needsUpgrade, verifyPassword } from './passwords'
import type { ShopApp } from './app'
import { shopDb, type ShopDb } from './state'
import { issueToken } from './tokens'
import { verifyTotp } from './totp'

const GUEST_CART_FIELDS = ['maskedId', 'cartId', 'guestCartId'] as const

export async function tokenEndpoint(c: Context<ShopApp>): Promise<Response> {
  const fields = await readFields(c.req.raw)
  if (!fields) return shopError('invalid_json')
  const db = await shopDb(c.env.SHOP_DB)
  const grant = fields.grant_type ?? 'customer'
  switch (grant) {
    case 'customer':
      return customerGrant(db, fields)
    case 'client_credentials':
      return serviceGrant(db, 'client_credentials', fields)
    case 'api_user':
      return serviceGrant(db, 'api_user', fields)
    default:
      return shopError('unsupported_grant_type')
  }
}

async function customerGrant(db: ShopDb, fields: Fields): Promise<Response> {
  const email = stringField(fields, 'email') ?? stringField(fields, 'username')
  const password = stringField(fields, 'password')
  if (!email || !password) return shopError('customer_fields_missing')
  if (!isEmail(email)) return shopError('invalid_email')

  const customer = await customerByEmail(db, email)
  const matches = await verifyPassword(password, customer?.passwordHash)
  if (!customer || !matches || !customer.isActive) return shopError('invalid_credentials')
  const refusal = await secondFactor(db, customer.id, fields.twofa_code)
  if (refusal) return shopError(refusal)
  if (needsUpgrade(customer.passwordHash)) await setPasswordHash(db, customer.id, await hashPassword(password))

  const guestCartId = GUEST_CART_FIELDS.map((name) => fields[name]).find((v) => typeof v === 'string')
  if (typeof guestCartId === 'string' && MASKED_ID.test(guestCartId)) await mergeGuestCart(db, customer.id, guestCartId)

  const token = await issueToken({ type: 'customer', id: customer.id, email: customer.email }, Date.now())
  return answer({ token, customer: publicCustomer(customer), ...(await customerCart(db, customer.id)) })
}

// The shop's main line: checked only after the password proved right, only while allow_2fa is
// on; `twofa_code` is any scalar, trimmed (a JSON number is how many clients send it).
async function secondFactor(db: ShopDb, customerId: number, raw: unknown): Promise<'twofa_required' | 'twofa_invalid' | undefined> {
  const secret = ALLOW_2FA ? await twofaSecret(db, customerId) : undefined
  if (secret === undefined) return undefined
  // PHP's (string) of a scalar: true is '1', false ''.
  const code = typeof raw === 'string' || typeof raw === 'number' ? String(raw).trim() : raw === true ? '1' : ''
  if (code === '') return 'twofa_required'
  return (await verifyTotp(secret, code, Date.now())) ? undefined : 'twofa_invalid'
}

async function serviceGrant(db: ShopDb, grant: 'client_credentials' | 'api_user', fields: Fields): Promise<Response> {
  const [nameField, secretField, missing] =
    grant === 'client_credentials'
      ? (['client_id', 'client_secret', 'client_fields_missing'] as const)
      : (['username', 'api_key', 'api_user_fields_missing'] as const)
  const name = stringField(fields, nameField)
  const secret = stringField(fields, secretField)
  if (!name || !secret) return shopError(missing)

  const user = await apiUserBy(db, grant === 'client_credentials' ? 'clientId' : 'username', name)
  const stored = grant === 'client_credentials' ? user?.clientSecretHash : user?.apiKeyHash
  const matches = await verifyPassword(secret, stored)
  if (!user || !matches || !user.isActive) return shopError('invalid_client')

  const permissions = JSON.parse(user.permissions) as string[]
  const allowedStoreIds = user.allowedStoreIds === null ? null : (JSON.parse(user.allowedStoreIds) as number[])
  const token = await issueToken({ type: 'api_user', id: user.id, username: user.username, permissions, allowedStoreIds }, Date.now())
  return answer({ token, apiUser: { id: user.id, username: user.username }, permissions })
}

function answer(fields: Record<string, unknown>): Response {
  const { token, ...rest } = fields
  return Response.json({ token, token_type: 'Bearer', expires_in: SHOP_JWT.ttlSeconds, ...rest }, { headers: { 'Cache-Control': 'no-store' } })
}
