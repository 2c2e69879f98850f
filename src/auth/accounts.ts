import type { Customer, ServiceAccount } from '../db/schema'
import type { TokenAccount } from './tokens'

/** The token account of a customer row. */
export function customerAccount(row: Customer): TokenAccount {
  return { type: 'customer', id: row.id, email: row.email }
}

/** The token account of a service-account row; permissions and store limits come from D1 each time. */
export function serviceAccount(row: ServiceAccount): TokenAccount {
  return {
    type: 'api_user',
    id: row.id,
    username: serviceUsername(row),
    permissions: row.permissions,
    allowedStoreIds: row.allowedStoreIds && row.allowedStoreIds.length > 0 ? row.allowedStoreIds : null,
  }
}

/** `customer` of the token answer (shop: `{id, email, firstName, lastName}`). */
export function customerView(row: Customer) {
  return { customer: { id: row.id, email: row.email, firstName: row.firstName, lastName: row.lastName } }
}

/** `apiUser` + `permissions` of the token answer, for both service grants. */
export function serviceView(row: ServiceAccount) {
  return { apiUser: { id: row.id, username: serviceUsername(row) }, permissions: row.permissions }
}

// A client_credentials-only account has no username; its client_id names it instead.
function serviceUsername(row: ServiceAccount): string {
  return row.username ?? row.clientId ?? ''
}
