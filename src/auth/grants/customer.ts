import type { Config } from '../../config'
import { findCustomerByEmail, updateCustomerPasswordHash } from '../../db/customers'
import type { Env } from '../../env'
import { fail } from '../../errors'
import { customerAccount, customerView } from '../accounts'
import { issueToken } from '../issue'
import { checkSecret, upgradeHash } from './secret-check'

/**
 * The `customer` grant: email + password. Unknown email, wrong password and inactive account all
 * cost one verification and answer the same 401 `invalid_credentials`.
 */
export async function customerGrant(email: string, password: string, env: Env, config: Config, now: number) {
  const row = await findCustomerByEmail(env.DB, email)
  const check = await checkSecret(password, row?.passwordHash)
  if (!row || !check.ok || !row.isActive) fail('invalid_credentials', row ? `customer_${row.id} refused` : 'unknown email')

  if (check.needsRehash) {
    await upgradeHash(password, (hash) => updateCustomerPasswordHash(env.DB, row.id, hash), `customer_${row.id}`)
  }
  return { ...(await issueToken(customerAccount(row), config, now)), ...customerView(row) }
}
