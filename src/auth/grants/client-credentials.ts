import type { Config } from '../../config'
import { findServiceAccountByClientId } from '../../db/service-accounts'
import type { Env } from '../../env'
import { serviceGrant } from './service'

/** The `client_credentials` grant: client_id + client_secret of a service account. */
export async function clientCredentialsGrant(clientId: string, clientSecret: string, env: Env, config: Config, now: number) {
  const row = await findServiceAccountByClientId(env.DB, clientId)
  return serviceGrant({ grant: 'client_credentials', name: clientId }, row, 'clientSecretHash', clientSecret, env, config, now)
}
