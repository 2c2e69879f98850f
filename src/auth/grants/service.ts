import type { Config } from '../../config'
import type { ServiceAccount } from '../../db/schema'
import { updateServiceSecretHash, type ServiceSecret } from '../../db/service-accounts'
import type { Env } from '../../env'
import { fail } from '../../errors'
import { serviceAccount, serviceView } from '../accounts'
import { issueToken } from '../issue'
import { checkSecret, upgradeHash } from './secret-check'

/**
 * What both service grants share once they have looked the account up: check the secret against
 * the given column (dummy work when unknown), refuse unknown/wrong/inactive with the same 401
 * `invalid_client`, upgrade a legacy hash, issue the token.
 */
export async function serviceGrant(row: ServiceAccount | undefined, column: ServiceSecret, secret: string, env: Env, config: Config, now: number) {
  const check = await checkSecret(secret, row?.[column])
  if (!row || !check.ok || !row.isActive) fail('invalid_client', row ? `api_user_${row.id} refused` : 'unknown service account')

  if (check.needsRehash) {
    await upgradeHash(secret, (hash) => updateServiceSecretHash(env.DB, row.id, column, hash), `api_user_${row.id}`)
  }
  return { ...(await issueToken(serviceAccount(row), config, now)), ...serviceView(row) }
}
