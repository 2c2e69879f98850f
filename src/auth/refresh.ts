import type { Config } from '../config'
import { findCustomerById } from '../db/customers'
import { findServiceAccountById } from '../db/service-accounts'
import type { Env } from '../env'
import { fail } from '../errors'
import { customerAccount, customerView, serviceAccount, serviceView } from './accounts'
import { issueToken } from './issue'
import type { Principal } from './principal'
import { revokeToken } from './revocation'

/**
 * Exchanges a verified token for a new one (new jti, full lifetime), re-reading the account so a
 * deactivated account or changed permissions take effect, then revokes the old jti until its exp.
 * Works for customer and service tokens alike.
 */
export async function refreshToken(principal: Principal, env: Env, config: Config, now: number) {
  if (principal.type === 'customer') {
    const row = await findCustomerById(env.DB, principal.customerId)
    if (!row?.isActive) fail('invalid_token', `${principal.subject} is gone or inactive`)
    const issued = await issueToken(customerAccount(row), config, now)
    await revokeToken(env.REVOKED, principal, now)
    return { ...issued, ...customerView(row) }
  }
  const row = await findServiceAccountById(env.DB, principal.apiUserId)
  if (!row?.isActive) fail('invalid_token', `${principal.subject} is gone or inactive`)
  const issued = await issueToken(serviceAccount(row), config, now)
  await revokeToken(env.REVOKED, principal, now)
  return { ...issued, ...serviceView(row) }
}
