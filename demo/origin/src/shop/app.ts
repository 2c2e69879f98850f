// The demo shop's Hono app type: its bindings and what its Bearer check hands to the routes.
import type { ApiUserRow, CustomerRow } from './schema'
import type { ShopEnv } from './state'

/** The account a valid Bearer speaks for, as the shop holds it now. */
export type ShopPrincipal = { type: 'customer'; customer: CustomerRow } | { type: 'api_user'; apiUser: ApiUserRow }

export type ShopApp = { Bindings: ShopEnv; Variables: { principal?: ShopPrincipal; token?: { jti: string; exp: number } } }
