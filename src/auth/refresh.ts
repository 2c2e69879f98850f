import type { Config } from '../config'
import { findCustomerById } from '../db/customers'
import { claimRefresh } from '../db/refreshed-tokens'
import { findServiceAccountById } from '../db/service-accounts'
import type { Env } from '../env'
import { customerAccount, customerView, serviceAccount, serviceView } from './accounts'
import { issueToken } from './issue'
import type { Principal } from './principal'
import { revokeToken } from './revocation'
import { rejectToken } from './tokens'

/**
 * Exchanges a verified token for a new one (new jti, full lifetime), re-reading the account so a
 * deactivated account or changed permissions take effect, and revokes the old jti until its exp.
 * Works for customer and service tokens alike.
 *
 * Order matters: read the account (D1), claim the old token's one refresh (D1, consistent, so two
 * racing refreshes cannot both win), revoke the old token (KV), and only then mint the new one.
 * If a store fails the caller gets 503 and no new token exists, so one refresh can never leave
 * two live tokens behind; the worst case (claimed or revoked, then the answer is lost) means
 * logging in again.
 */
export async function refreshToken(principal: Principal, env: Env, config: Config, now: number) {
  const retireOld = async () => {
    if (!(await claimRefresh(env.DB, principal.jti, principal.exp, now))) {
      rejectToken('revoked', `${principal.jti} was already refreshed`)
    }
    await revokeToken(env.REVOKED, principal, now, config.kv.timeoutMs)
  }
  if (principal.type === 'customer') {
    const row = await findCustomerById(env.DB, principal.customerId)
    if (!row?.isActive) rejectToken('inactive_account', `${principal.subject} is gone or inactive`)
    await retireOld()
    return { ...(await issueToken(customerAccount(row), config, now)), ...customerView(row) }
  }
  const row = await findServiceAccountById(env.DB, principal.apiUserId)
  if (!row?.isActive) rejectToken('inactive_account', `${principal.subject} is gone or inactive`)
  await retireOld()
  return { ...(await issueToken(serviceAccount(row), config, now)), ...serviceView(row) }
}
