// Where gatehouse's own endpoints and metadata live, and the URLs derived from the config. Pure.
import type { Config } from './config'

/** Where gatehouse's own endpoints live, relative to the shop's root (wrangler.toml routes them). */
export const AUTH_PATH = '/api/rest/v2/auth'
export const AUTHORIZATION_SERVER_PATH = '/.well-known/oauth-authorization-server'
export const PROTECTED_RESOURCE_PATH = '/.well-known/oauth-protected-resource'
/** RFC 9728 §3.1: the metadata of the resource `<root>/api/mcp`, served while SHOP_OAUTH_SERVER=on. */
export const MCP_RESOURCE_METADATA_PATH = `${PROTECTED_RESOURCE_PATH}/api/mcp`

/** gatehouse's issuer: the one it signs with (the first of JWT_ISSUER). Pure. */
export function issuerOf(config: Config): string {
  return config.jwt.issuers[0]!
}

/**
 * The shop's root, the resource every token is for: the issuer without its trailing slash, as the
 * shop's newer line publishes it (`https://shop.example.com`). Pure.
 */
export function resourceOf(config: Config): string {
  // `href` percent-encodes anything (a quote) that could break out of a challenge's quoted string.
  return new URL(issuerOf(config)).href.replace(/\/+$/, '')
}

/** The RFC 9728 metadata URL that every Bearer challenge names (`resource_metadata`, RFC 9728 §5.1). */
export function resourceMetadataUrl(config: Config): string {
  return `${resourceOf(config)}${PROTECTED_RESOURCE_PATH}`
}
