import { SignJWT } from 'jose'
import type { Config } from '../../config'
import type { TokenClaims } from './claims'
import { hmacKey } from './key'

/** Signs claims with the shop's HS256 secret; the header is the shop's own `{alg, typ}`. */
export async function signToken(claims: TokenClaims, config: Config): Promise<string> {
  // The claims already carry iat/nbf/exp/iss/aud/jti/sub; SignJWT serialises them as given.
  return new SignJWT({ ...claims }).setProtectedHeader({ alg: 'HS256', typ: 'JWT' }).sign(await hmacKey(config))
}
