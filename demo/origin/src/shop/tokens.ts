// The shop's JWTs: HS256, the claims of docs/security.md "Tokens", and `iat`/`nbf`/
// `exp` written with microseconds as the shop's JWT library writes them (`1764000000.123456`).
import { compactVerify, errors, SignJWT, type JWTPayload } from 'jose'
import { SHOP_JWT } from './config'

export type TokenSubject =
  | { type: 'customer'; id: number; email: string }
  | { type: 'api_user'; id: number; username: string; permissions: string[]; allowedStoreIds: number[] | null }

/**
 * Who a valid Bearer speaks for, with its id and end (for the revocation list); the caller still
 * checks the account in the shop's state and the list.
 */
export type TokenPrincipal = { type: 'customer' | 'api_user'; id: number; jti: string; exp: number }

const JTI = /^[0-9a-f]{32}$/

/** Signs a token for `subject`, valid from `nowMs` for the configured lifetime. */
export async function issueToken(subject: TokenSubject, nowMs: number): Promise<string> {
  return new SignJWT(shopClaims(subject, nowMs, newJti())).setProtectedHeader({ alg: 'HS256', typ: 'JWT' }).sign(SHOP_JWT.secret)
}

/**
 * The claims the shop writes. Pure. Times are seconds with six decimals, taken up to 999 µs
 * before `nowMs` (the clock has millisecond steps), so a token is never issued in the future.
 */
export function shopClaims(subject: TokenSubject, nowMs: number, jti: string): JWTPayload {
  // The sub-millisecond part comes from the (random) jti, which keeps this function pure.
  let micros = Math.floor(nowMs) * 1000 - (Number.parseInt(jti.slice(0, 3), 16) % 1000)
  // A fraction of zero would serialise as an integer; the shop's library always writes one.
  if (micros % 1_000_000 === 0) micros -= 1
  const seconds = Math.floor(micros / 1_000_000)
  const fraction = String(micros % 1_000_000).padStart(6, '0')
  const at = (offset: number) => Number(`${seconds + offset}.${fraction}`)
  const registered = {
    iss: SHOP_JWT.issuer,
    aud: SHOP_JWT.audience,
    jti,
    iat: at(0),
    nbf: at(0),
    exp: at(SHOP_JWT.ttlSeconds),
  }
  if (subject.type === 'customer') {
    return {
      ...registered,
      sub: `customer_${subject.id}`,
      customer_id: subject.id,
      email: subject.email,
      type: 'customer',
      roles: ['ROLE_CUSTOMER'],
    }
  }
  return {
    ...registered,
    sub: `api_user_${subject.id}`,
    api_user_id: subject.id,
    username: subject.username,
    type: 'api_user',
    roles: [],
    permissions: subject.permissions,
    ...(subject.allowedStoreIds ? { allowed_store_ids: subject.allowedStoreIds } : {}),
  }
}

/**
 * The shop's check of a Bearer: signature (HS256 only), `iss`/`aud` exact, every registered claim
 * present, dates compared as the shop's JWT library (firebase/php-jwt) does with zero leeway:
 * whole-second `now`, refused when `floor(nbf)` or `floor(iat)` is after it or `now >= exp`.
 * (jose compares a fractional `nbf` with whole seconds and would refuse a token in its first
 * second.) Null when refused.
 */
export async function readToken(token: string, nowMs: number): Promise<TokenPrincipal | null> {
  const payload = await verifiedPayload(token, nowMs, SHOP_JWT.audience)
  if (!payload) return null
  const facts = { jti: payload.jti, exp: payload.exp }
  if (payload.type === 'customer' && isId(payload.customer_id) && payload.sub === `customer_${payload.customer_id}`) {
    return { type: 'customer', id: payload.customer_id, ...facts }
  }
  if (payload.type === 'api_user' && isId(payload.api_user_id) && payload.sub === `api_user_${payload.api_user_id}`) {
    return { type: 'api_user', id: payload.api_user_id, ...facts }
  }
  return null
}

/**
 * A token of the shop's OAuth 2.1 server for MCP clients (its `oauth-authorization-server` line):
 * signed like the others, `type: admin`, `admin_id`, scope `mcp`, and `aud` the MCP resource
 * `<root>/api/mcp` (the shop's default resource). Accepted on `/api/mcp` only. Null when refused.
 */
export async function readMcpServerToken(token: string, nowMs: number): Promise<{ jti: string } | null> {
  const payload = await verifiedPayload(token, nowMs, `${SHOP_JWT.issuer.replace(/\/+$/, '')}/api/mcp`)
  if (!payload) return null
  if (payload.type !== 'admin' || !isId(payload.admin_id) || payload.sub !== `admin_${payload.admin_id}` || payload.scope !== 'mcp') return null
  return { jti: payload.jti }
}

// The checks every shop token passes, whoever it names: the signature (HS256 only), `iss` and the
// given `aud` exact, a 32-hex `jti`, and the dates as readToken describes. Null when refused.
async function verifiedPayload(token: string, nowMs: number, audience: string): Promise<(JWTPayload & { jti: string; exp: number }) | null> {
  let payload: JWTPayload
  try {
    const { payload: bytes } = await compactVerify(token, SHOP_JWT.secret, { algorithms: ['HS256'] })
    payload = JSON.parse(new TextDecoder().decode(bytes)) as JWTPayload
  } catch (err) {
    if (err instanceof errors.JOSEError || err instanceof SyntaxError) return null
    throw err
  }
  if (typeof payload !== 'object' || payload === null) return null
  if (payload.iss !== SHOP_JWT.issuer || payload.aud !== audience) return null
  if (typeof payload.jti !== 'string' || !JTI.test(payload.jti)) return null
  const now = Math.floor(nowMs / 1000)
  const { iat, nbf, exp } = payload
  if (!isDate(iat) || !isDate(nbf) || !isDate(exp)) return null
  if (Math.floor(nbf) > now || Math.floor(iat) > now || now >= exp) return null
  return { ...payload, jti: payload.jti, exp }
}

function isDate(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value)
}

function isId(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value > 0
}

function newJti(): string {
  return [...crypto.getRandomValues(new Uint8Array(16))].map((b) => b.toString(16).padStart(2, '0')).join('')
}
