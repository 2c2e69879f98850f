import { verifyClient } from '../auth'
import type { RequestContext } from '../context'
import type { ServiceAccount } from '../db'
import { fail, GatehouseError } from '../core'
import type { ClientCredentials } from './client-credentials'

/**
 * Runs a client check and, when the client authenticated by HTTP Basic, turns its 401
 * `invalid_client` into the one with `WWW-Authenticate: Basic` (RFC 6749 §5.2: "MUST ... include
 * the WWW-Authenticate response header field matching the authentication scheme used by the client").
 *
 * @example
 * const answer = await asClient('client_secret_basic', () => login(request, ctx))
 */
export async function asClient<T>(method: ClientCredentials['method'] | undefined, check: () => Promise<T>): Promise<T> {
  try {
    return await check()
  } catch (err) {
    if (method === 'client_secret_basic' && err instanceof GatehouseError && err.reason === 'invalid_client') {
      fail('invalid_client_basic', { detail: err.detail, event: err.event })
    }
    throw err
  }
}

/** Checks a client's secret as the client_credentials grant does; see `verifyClient`. */
export function checkClient(client: ClientCredentials, ctx: RequestContext, requestUrl: URL): Promise<ServiceAccount> {
  return asClient(client.method, () => verifyClient(client.clientId, client.clientSecret, ctx, requestUrl))
}
