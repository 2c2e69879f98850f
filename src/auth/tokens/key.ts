import type { Config } from '../../config'
import { oncePer } from '../../once-per'

// jose re-imports a Uint8Array secret on every sign/verify; importing the CryptoKey once per
// Config (i.e. once per isolate, since readConfig caches per env) saves that work per request.
/** The HS256 key for this Config, imported once and usable only for HMAC-SHA256. */
export const hmacKey: (config: Config) => Promise<CryptoKey> = oncePer((config: Config) =>
  crypto.subtle.importKey('raw', config.jwt.secret, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign', 'verify']),
)
