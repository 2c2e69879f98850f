import type { Config } from '../../config'
import { findCustomerByEmail, updateCustomerPasswordHash } from '../../db/customers'
import type { Env } from '../../env'
import { startSession } from '../../sessions/sessions'
import { customerView } from '../accounts'
import { checkLogin } from './login'

/**
 * The `customer` grant: email + password. Unknown email, wrong password and inactive account all
 * cost one verification and answer the same 401 `invalid_credentials`.
 */
export async function customerGrant(email: string, password: string, env: Env, config: Config, now: number) {
  const found = await findCustomerByEmail(env.DB, email)
  const row = await checkLogin(
    {
      grant: 'customer',
      name: email,
      row: found,
      table: 'customers',
      stored: found?.passwordHash,
      secret: password,
      refusal: 'invalid_credentials',
      rehash: (hash) => updateCustomerPasswordHash(env.DB, found!.id, hash),
    },
    env,
    config,
    now,
  )
  // Customers get a refresh token beside the access token (never the service grants: RFC 6749 §4.4.3).
  return { session: await startSession(row, env, config, now), fields: customerView(row) }
}
