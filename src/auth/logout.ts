import { z } from 'zod'
import type { Config } from '../config'
import type { Env } from '../env'
import { fail } from '../errors'
import type { Principal } from './principal'
import { revokeSubject, revokeToken } from './revocation'

const logoutOptions = z.object({ everywhere: z.boolean().optional() })

/** The optional logout body: `{}` or `{"everywhere": true|false}`; anything else is 400. */
export function parseLogoutOptions(body: Record<string, unknown>): { everywhere: boolean } {
  const options = logoutOptions.safeParse(body)
  if (!options.success) fail('bad_request', 'everywhere must be a boolean')
  return { everywhere: options.data.everywhere ?? false }
}

/**
 * Revokes the current token, or with `everywhere` every token of its subject issued up to now.
 * Resolves only once KV accepted the write, so the answer never claims a logout that did not happen.
 */
export async function logout(principal: Principal, everywhere: boolean, env: Env, config: Config, now: number): Promise<void> {
  if (everywhere) await revokeSubject(env.REVOKED, principal.subject, now, config.kv.timeoutMs)
  else await revokeToken(env.REVOKED, principal, now, config.kv.timeoutMs)
}
