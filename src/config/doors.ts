import { ConfigError, type Env } from '../core'

/** The shop's other token-taking doors, `/api/graphql` and `/api/mcp` (docs/operations.md, "The shop's doors"). */
export interface DoorConfig {
  /** `SHOP_OAUTH_SERVER=on`: the shop's OAuth 2.1 server for MCP clients is enabled (off in the shop by default). */
  shopOAuthServer: boolean
  /** `GRAPHQL_GET=on`: `GET /api/graphql?query=…` is forwarded (persisted queries); else refused with 405. */
  graphqlGet: boolean
  /** Largest request body forwarded through either door; larger ones are refused unread (413). */
  maxBodyBytes: number
}

/** GraphQL documents and MCP JSON-RPC messages are a few KiB; 64 KiB leaves room for large variables. */
export const DEFAULT_DOORS_MAX_BODY_BYTES = 64 * 1024
// Cloudflare refuses request bodies over 100 MB on most plans; a cap above that would never apply.
const MAX_DOORS_MAX_BODY_BYTES = 100 * 1024 * 1024

/** Reads SHOP_OAUTH_SERVER, GRAPHQL_GET and DOORS_MAX_BODY_BYTES; anything but the documented values fails loudly. */
export function parseDoorConfig(env: Env): DoorConfig {
  return {
    shopOAuthServer: onOff(env.SHOP_OAUTH_SERVER, 'SHOP_OAUTH_SERVER'),
    graphqlGet: onOff(env.GRAPHQL_GET, 'GRAPHQL_GET'),
    maxBodyBytes: parseMaxBody(env.DOORS_MAX_BODY_BYTES),
  }
}

function onOff(value: string | undefined, name: string): boolean {
  if (value === undefined || value === '' || value === 'off') return false
  if (value === 'on') return true
  throw new ConfigError(`${name} must be on or off, got "${value}"`)
}

function parseMaxBody(value: string | undefined): number {
  if (value === undefined || value === '') return DEFAULT_DOORS_MAX_BODY_BYTES
  const bytes = /^[1-9][0-9]{0,9}$/.test(value) ? Number(value) : Number.NaN
  if (!(bytes >= 1024 && bytes <= MAX_DOORS_MAX_BODY_BYTES)) {
    throw new ConfigError(`DOORS_MAX_BODY_BYTES must be a whole number of bytes from 1024 to ${MAX_DOORS_MAX_BODY_BYTES}, got "${value}"`)
  }
  return bytes
}
