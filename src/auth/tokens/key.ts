import type { Config } from '../../config'

// jose re-imports a Uint8Array secret on every sign/verify; importing the CryptoKey once per
// Config (i.e. once per isolate, since readConfig caches per env) saves that work per request.
const keys = new WeakMap<Config, Promise<CryptoKey>>()

/** The HS256 key for this Config, imported once and usable only for HMAC-SHA256. */
export function hmacKey(config: Config): Promise<CryptoKey> {
  let key = keys.get(config)
  if (!key) {
    key = crypto.subtle.importKey('raw', config.jwt.secret, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign', 'verify'])
    keys.set(config, key)
  }
  return key
}
