import type { Config } from '../../config'
import { findServiceAccountByUsername } from '../../db/service-accounts'
import type { Env } from '../../env'
import { serviceGrant } from './service'

/** The `api_user` grant: username + api_key of a service account. */
export async function apiUserGrant(username: string, apiKey: string, env: Env, config: Config, now: number) {
  const row = await findServiceAccountByUsername(env.DB, username)
  return serviceGrant({ grant: 'api_user', name: username }, row, 'apiKeyHash', apiKey, env, config, now)
}
