// The demo shop's own configuration. It signs and checks tokens with the same secret, issuer,
// audience and lifetime as the gateway's local demo config (wrangler.toml [vars] and .dev.vars),
// as a real shop and its gateway share `apiplatform/oauth2/secret`. Local demo values only.

// The tests' issuer; `npm start` gives the shop the address it is served at instead (SHOP_ISSUER).
let issuer = 'http://shop.localhost/'

export const SHOP_JWT = {
  secret: new TextEncoder().encode('local-demo-secret-do-not-use-in-production-0123456789'),
  get issuer(): string {
    return issuer
  },
  audience: 'maho-api',
  ttlSeconds: 3600,
} as const

/**
 * `npm start` serves gateway and shop at http://localhost:PORT and sets SHOP_ISSUER to that address
 * (scripts/lib/local-config.mjs), as the gateway's JWT_ISSUER: one value per deployment, so it is
 * kept for the isolate.
 */
export function useShopIssuer(value: string | undefined): void {
  if (value) issuer = value
}

/** The demo reset token every `POST /customers/reset-password` must carry. */
export const DEMO_RESET_TOKEN = 'demo-reset-token'

/** `POST /customers/create-from-order` takes `accountToken` = this prefix + the order's email. */
export const DEMO_ORDER_TOKEN_PREFIX = 'demo-order:'

// bcrypt cost for hashes the shop writes (the shop uses 10 or 12).
export const BCRYPT_COST = 10

// The shop refuses longer passwords outright (docs/security.md, "Passwords, API keys and client secrets").
export const MAX_PASSWORD_BYTES = 256
export const MIN_PASSWORD_LENGTH = 6

/**
 * The shop's `customer/password/allow_2fa` (on by default in its config.xml): with it off, the
 * shop checks no customer's second factor, whatever `twofa_enabled` says.
 */
export const ALLOW_2FA = true
