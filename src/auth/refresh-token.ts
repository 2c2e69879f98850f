import type { Config } from '../config'
import { isCanonicalBase64url, oncePer } from '../core'

/** What a refresh token looks like, spelled right or not: RFC 7009 revocation answers these as their holder's. */
export const REFRESH_TOKEN_SHAPE = /^ghr_[A-Za-z0-9_-]{43}$/

/**
 * An opaque refresh token: `ghr_` and 256 random bits, base64url (43 characters) spelled the one
 * canonical way (the last character's two unused bits clear: src/core/base64url.ts).
 */
export function isRefreshToken(token: string): boolean {
  return REFRESH_TOKEN_SHAPE.test(token) && isCanonicalBase64url(token.slice(4))
}

/** A fresh refresh token for a new family, from the platform CSPRNG. */
export function newRefreshToken(): string {
  return `ghr_${base64url(crypto.getRandomValues(new Uint8Array(32)))}`
}

/** SHA-256 hex of a token: what D1 stores. The token has 256 bits of entropy, so no salt or stretching is needed. */
export async function hashRefreshToken(token: string): Promise<string> {
  return hex(new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(token))))
}

/**
 * What a rotation of `token` answers, derived from the token itself with a key only gatehouse
 * holds: the successor refresh token and the jti of the access token issued with it. Deterministic,
 * so a retry of the same rotation inside the grace window gets the same answer without any
 * plaintext token being stored.
 */
export async function rotationOf(token: string, config: Config): Promise<{ successor: string; accessJti: string }> {
  const key = await rotationKey(config)
  const mac = async (label: string) => new Uint8Array(await crypto.subtle.sign('HMAC', key, new TextEncoder().encode(`${label}\n${token}`)))
  return { successor: `ghr_${base64url(await mac('successor'))}`, accessJti: hex(await mac('access-jti')).slice(0, 32) }
}

// A key of its own, derived from JWT_SECRET (HMAC as a PRF, RFC 5869's extract step in one call):
// nothing signed with it can be mistaken for a token the shop would accept.
const rotationKey: (config: Config) => Promise<CryptoKey> = oncePer(async (config: Config) => {
  const secret = await crypto.subtle.importKey('raw', config.jwt.secret, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign'])
  const derived = await crypto.subtle.sign('HMAC', secret, new TextEncoder().encode('gatehouse refresh-token rotation v1'))
  return crypto.subtle.importKey('raw', derived, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign'])
})

function base64url(bytes: Uint8Array): string {
  return btoa(String.fromCharCode(...bytes))
    .replaceAll('+', '-')
    .replaceAll('/', '_')
    .replace(/=+$/, '')
}

function hex(bytes: Uint8Array): string {
  let out = ''
  for (const byte of bytes) out += byte.toString(16).padStart(2, '0')
  return out
}
