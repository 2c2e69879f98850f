import type { Config } from '../../config'
import type { Env } from '../../env'
import { apiUserGrant } from './api-user'
import { clientCredentialsGrant } from './client-credentials'
import { customerGrant } from './customer'
import type { TokenRequest } from './request'

/** Runs the grant a validated token request names and returns the shop's token answer. */
export function grantToken(request: TokenRequest, env: Env, config: Config, now: number) {
  switch (request.grant) {
    case 'customer':
      return customerGrant(request.email, request.password, env, config, now)
    case 'client_credentials':
      return clientCredentialsGrant(request.clientId, request.clientSecret, env, config, now)
    case 'api_user':
      return apiUserGrant(request.username, request.apiKey, env, config, now)
  }
}
