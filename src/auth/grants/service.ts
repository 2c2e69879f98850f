import type { Config } from '../../config'
import type { ServiceAccount } from '../../db/schema'
import { updateServiceSecretHash, type ServiceSecret } from '../../db/service-accounts'
import type { Env } from '../../env'
import { serviceAccount, serviceView } from '../accounts'
import { issueToken } from '../issue'
import { checkLogin } from './login'

/**
 * What both service grants share once they have looked the account up: check the secret in the
 * given column, refuse unknown/wrong/inactive with the same 401 `invalid_client`, issue the token.
 */
export async function serviceGrant(
  login: { grant: 'client_credentials' | 'api_user'; name: string },
  found: ServiceAccount | undefined,
  column: ServiceSecret,
  secret: string,
  env: Env,
  config: Config,
  now: number,
) {
  const row = await checkLogin(
    {
      ...login,
      row: found,
      table: 'service_accounts',
      stored: found?.[column],
      secret,
      refusal: 'invalid_client',
      rehash: (hash) => updateServiceSecretHash(env.DB, found!.id, column, hash),
    },
    env,
    config,
    now,
  )
  return { ...(await issueToken(serviceAccount(row), config, now)), ...serviceView(row) }
}
