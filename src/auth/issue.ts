import type { Config } from '../config'
import { buildClaims, newJti, signToken, type TokenAccount } from './tokens'

/** The token part of every token and refresh answer. */
export interface IssuedToken {
  token: string
  tokenType: 'Bearer'
  expiresIn: number
}

/** Mints a fresh token (new jti, full lifetime) for an account. `now` is seconds since the epoch. */
export async function issueToken(account: TokenAccount, config: Config, now: number): Promise<IssuedToken> {
  const claims = buildClaims(account, config, now, newJti())
  return { token: await signToken(claims, config), tokenType: 'Bearer', expiresIn: config.jwt.ttlSeconds }
}
