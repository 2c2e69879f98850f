// What one customer row of the shop means for its edge copy. Pure: shop row + current copy in, the
// copy to write (or why not) out.
import { isLoginEmail } from '../auth'
import { emailKey } from '../core'
import type { Customer } from '../db'
import type { CopyPlan } from './plan'
import { decideSecret } from './secret-copy'
import type { ShopCustomer } from './shop'

/** The columns of `customers` the sync owns (read off the schema; lockout columns are the gateway's). */
export type CustomerCopy = Pick<
  Customer,
  'id' | 'email' | 'websiteId' | 'firstName' | 'lastName' | 'isActive' | 'passwordHash' | 'shopPasswordHash' | 'secondFactor'
>

export type CustomerPlan = CopyPlan<CustomerCopy>

export function planCustomer(shop: ShopCustomer, copy: CustomerCopy | undefined): CustomerPlan {
  const skip = (reason: string): CustomerPlan => ({ kind: 'skip', id: shop.id, reason, deactivate: copy?.isActive === true })
  // The token endpoint's own check: an address no login could name is not worth a row.
  if (!isLoginEmail(shop.email)) return skip('bad email')
  if (shop.passwordHash === null || shop.passwordHash.trim() === '') return skip('empty password hash')

  const secret = decideSecret(shop.passwordHash, copy && { hash: copy.passwordHash, shopHash: copy.shopPasswordHash })
  // The shop refuses a login until the email is confirmed (docs/sync.md): so does the copy.
  const isActive = shop.isActive && (shop.confirmation === null || shop.confirmation === '')
  const row: CustomerCopy = {
    id: shop.id,
    email: shop.email,
    websiteId: shop.websiteId,
    firstName: shop.firstName ?? '',
    lastName: shop.lastName ?? '',
    isActive,
    passwordHash: secret.hash!,
    shopPasswordHash: shop.passwordHash,
    // The shop checks the second factor only where allow_2fa is on (docs/credentials.md).
    secondFactor: shop.twofaEnabled && shop.twofaAllowed,
  }
  if (copy && sameCustomer(copy, row)) return { kind: 'unchanged', id: shop.id }
  const deactivate = copy?.isActive === true && !isActive
  return { kind: 'write', row, insert: !copy, revoke: secret.revoke || deactivate, deactivate }
}

/** The unique key of D1's `customers_email_key_website_unique`: the email as the shop compares it, per website. */
export function uniqueKey(email: string, websiteId: number): string {
  return `${websiteId}|${emailKey(email)}`
}

function sameCustomer(a: CustomerCopy, b: CustomerCopy): boolean {
  return (
    a.email === b.email &&
    a.websiteId === b.websiteId &&
    a.firstName === b.firstName &&
    a.lastName === b.lastName &&
    a.isActive === b.isActive &&
    a.passwordHash === b.passwordHash &&
    a.shopPasswordHash === b.shopPasswordHash &&
    a.secondFactor === b.secondFactor
  )
}
