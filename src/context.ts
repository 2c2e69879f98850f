import type { RequestIdVariables } from 'hono/request-id'
import type { Env } from './env'

/** What one request's steps tell the middleware around them (request log, own-answer headers). */
export type GatehouseVariables = RequestIdVariables & {
  /** The route-table template the gateway matched (`/customers/{id}`), never the raw path. */
  route?: string
  /** Set once the origin's answer is being returned: it passes through unchanged. */
  proxied?: boolean
}

/** The Hono environment of the whole app: bindings plus the per-request variables above. */
export type GatehouseEnv = { Bindings: Env; Variables: GatehouseVariables }
