// `POST /api/rest/v2/customers/social-auth`, as the shop's SocialAuthProcessor answers it: a provider
// credential in, a customer token of the usual shape out, with `isNewCustomer` and
// `profileIncomplete` (null unless the account is new). The demo knows one provider credential:
// provider `demo`, providerToken `demo-social-token`, which is customer 1. A guest cart id in
// `cartId` is merged as a login merges it. The shop reads `twofaCode` only for a customer with
// two-factor authentication; customer 1 has none.
import type { Context } from 'hono'
import { customerById, publicCustomer } from './accounts'
import type { ShopApp } from './app'
import { readFields, stringField } from './body'
import { customerCart, MASKED_ID, mergeGuestCart } from './carts'
import { SHOP_JWT } from './config'
import { shopError } from './errors'
import { shopDb } from './state'
import { issueToken } from './tokens'

export const DEMO_SOCIAL = { provider: 'demo', providerToken: 'demo-social-token', customerId: 1 } as const

export async function socialAuth(c: Context<ShopApp>): Promise<Response> {
  const fields = c.req.header('content-type')?.startsWith('application/json') ? await readFields(c.req.raw) : null
  if (!fields) return shopError('invalid_json')
  const provider = stringField(fields, 'provider')
  const providerToken = stringField(fields, 'providerToken')
  if (!provider || !providerToken) return shopError('social_fields_missing')
  if (provider !== DEMO_SOCIAL.provider || providerToken !== DEMO_SOCIAL.providerToken) return shopError('authentication_required')

  const db = await shopDb(c.env.SHOP_DB)
  const customer = await customerById(db, DEMO_SOCIAL.customerId)
  if (!customer?.isActive) return shopError('authentication_required')
  const cartId = fields.cartId
  if (typeof cartId === 'string' && MASKED_ID.test(cartId)) await mergeGuestCart(db, customer.id, cartId)

  const token = await issueToken({ type: 'customer', id: customer.id, email: customer.email }, Date.now())
  const answer = {
    id: 'social-auth',
    provider,
    token,
    token_type: 'Bearer',
    expires_in: SHOP_JWT.ttlSeconds,
    customer: publicCustomer(customer),
    ...(await customerCart(db, customer.id)),
    isNewCustomer: false,
    profileIncomplete: null,
  }
  return Response.json(answer, { headers: { 'Cache-Control': 'no-store' } })
}
