import type { SQL } from 'drizzle-orm'
import type { Config } from '../config'
import {
  findCustomerById,
  findCustomersByEmail,
  findServiceByClientId,
  findServiceById,
  findServiceByUsername,
  stillActive,
  stillVerified,
  storeApiKeyHash,
  storeClientSecretHash,
  storeCustomerPasswordHash,
  type D1Handle,
  upsertCustomerCopy,
  upsertServiceCopy,
  customers,
  serviceAccounts,
  type Customer,
  type ServiceAccount,
} from '../db'
import {
  fail,
  type FailureReason,
  type CustomerPrincipal,
  type GrantName,
  type Identity,
  type Principal,
  type ServicePrincipal,
  type TokenRequest,
} from '../core'
import { isLoginEmail } from './email'
import { readScope } from './scope'
import { readTwofaCode } from './twofa-code'

/** The columns every account row has that logins read. */
export interface AccountRow {
  id: number
  isActive: boolean
  /** When the shop last confirmed this copy; null: ask the shop before using it. */
  confirmedAt: number | null
  /** The shop's second factor is on (customers only): every login goes to the shop. */
  secondFactor?: boolean
}

/** What a login learnt from the shop's 2xx, to store as the account's D1 copy. */
export interface ShopConfirmed<P> {
  principal: P
  /** The shop's answer body (`customer`, `permissions`, ...). */
  answer: Record<string, unknown>
  /** The login name and PBKDF2 hash of the secret the shop accepted. */
  name: string
  hash: string
  /** The login carried a second-factor code the shop accepted: the copy is stored with its second factor on. */
  secondFactor: boolean
  /** The D1 rows the name matched before (an existing copy keeps its website). */
  rows: readonly AccountRow[]
  config: Config
  now: number
}

/** One row of the grant table: everything issuance and refresh need to know about a grant. */
export interface Grant<Row extends AccountRow> {
  /** The D1 table of its accounts, as log lines name it (`customers:12`). */
  table: 'customers' | 'service_accounts'
  /** The body fields holding the login name and the secret (the customer name also reads `username`). */
  fields: { name: string; secret: string }
  /** The refusal when a field is missing (400). */
  missing: FailureReason
  /** The one 401 for an unknown name, a wrong secret and an inactive account alike. */
  refusal: 'invalid_credentials' | 'invalid_client'
  /** The key the per-identity rate limit counts (shop: per email, client id or username). */
  limitKey: (name: string) => string
  /** The D1 copies a login name may match, in the order they are tried. */
  findByName: (d1: D1Handle, name: string, config: Config) => Promise<Row[]>
  /** The account a token speaks for, re-read at refresh. */
  findById: (d1: D1Handle, id: number) => Promise<Row | undefined>
  /** The stored hash of the secret this grant checks (null: the account has no such secret). */
  storedSecret: (row: Row) => string | null
  /** SQL holding while the database has this row as a login verified it: same login name and stored secret, active, confirmed. */
  unchanged: (row: Row) => SQL
  /** SQL holding while the account exists and is active. */
  active: (id: number) => SQL
  /** Stores an upgraded hash of that secret. */
  storeSecret: (d1: D1Handle, id: number, hash: string) => Promise<void>
  /** Who the token is for. */
  identity: (row: Row) => Identity
  /** The answer fields besides the token (the shop's `customer`, or `apiUser` + `permissions`). */
  answerFields: (row: Row) => Record<string, unknown>
  /** Stores the D1 copy of an account the shop has just confirmed, and returns it. */
  storeCopy: (d1: D1Handle, confirmed: ShopConfirmed<Principal>) => Promise<Row>
  /** Whether a login also gets a refresh token (docs/sessions.md): customers only, never a service grant (RFC 6749 §4.4.3). */
  refreshTokens: boolean
}

const customer: Grant<Customer> = {
  table: 'customers',
  fields: { name: 'email', secret: 'password' },
  missing: 'customer_fields_missing',
  refusal: 'invalid_credentials',
  refreshTokens: true,
  limitKey: (email) => `email:${email.toLowerCase()}`,
  findByName: (d1, email, config) => findCustomersByEmail(d1, email, config.shop.defaultWebsiteId),
  findById: findCustomerById,
  storedSecret: (row) => row.passwordHash,
  // A copy whose second factor was turned on since it was read no longer answers (login.ts `again`).
  unchanged: (row) =>
    stillVerified(customers, row.id, [
      [customers.email, row.email],
      [customers.passwordHash, row.passwordHash],
      [customers.secondFactor, 0],
    ]),
  active: (id) => stillActive(customers, id),
  storeSecret: storeCustomerPasswordHash,
  identity: (row) => ({ type: 'customer', customerId: row.id, email: row.email }),
  answerFields: (row) => ({ customer: { id: row.id, email: row.email, firstName: row.firstName, lastName: row.lastName } }),
  storeCopy: (d1, { principal, answer, hash, secondFactor, rows, config, now }) => {
    const { customerId, email } = principal as CustomerPrincipal
    const shown = asRecord(answer.customer)
    return upsertCustomerCopy(
      d1,
      {
        id: customerId,
        email,
        firstName: asString(shown.firstName),
        lastName: asString(shown.lastName),
        passwordHash: hash,
        websiteId: (rows.find((row) => row.id === customerId) as Customer | undefined)?.websiteId ?? config.shop.defaultWebsiteId,
        secondFactor,
      },
      now,
    )
  },
}

// What both service grants share: one account type, two secrets.
const service = {
  table: 'service_accounts',
  findById: findServiceById,
  active: (id: number) => stillActive(serviceAccounts, id),
  identity: (row: ServiceAccount): Identity => ({
    type: 'api_user',
    apiUserId: row.id,
    username: serviceUsername(row),
    permissions: row.permissions,
    ...(row.allowedStoreIds && row.allowedStoreIds.length > 0 ? { allowedStoreIds: row.allowedStoreIds } : {}),
  }),
  answerFields: (row: ServiceAccount) => ({ apiUser: { id: row.id, username: serviceUsername(row) }, permissions: row.permissions }),
  refusal: 'invalid_client',
  refreshTokens: false,
} as const

// The shop's answer lists the account's permissions as its tables hold them now; the token's are
// the same at minting time.
function serviceCopy(confirmed: ShopConfirmed<Principal>, secret: 'client_secret' | 'api_key') {
  const principal = confirmed.principal as ServicePrincipal
  const listed = confirmed.answer.permissions
  return {
    id: principal.apiUserId,
    username: principal.username,
    ...(secret === 'client_secret' ? { clientId: confirmed.name } : {}),
    permissions: Array.isArray(listed) && listed.every((p) => typeof p === 'string') ? (listed as string[]) : [...principal.permissions],
    allowedStoreIds: principal.allowedStoreIds ? [...principal.allowedStoreIds] : null,
    secret: { kind: secret, hash: confirmed.hash },
  }
}

/**
 * The grant table (the shop's token endpoint: docs/security.md, "The auth endpoints"). Token
 * issuance (src/auth/login.ts) and refresh (src/auth/refresh.ts) read it; nothing else knows how a
 * grant finds its account.
 */
export const GRANTS = {
  customer,
  client_credentials: {
    ...service,
    fields: { name: 'client_id', secret: 'client_secret' },
    missing: 'client_fields_missing',
    limitKey: (clientId) => `client_id:${clientId.toLowerCase()}`,
    findByName: (d1, clientId) => findServiceByClientId(d1, clientId),
    storedSecret: (row) => row.clientSecretHash,
    unchanged: (row) =>
      stillVerified(serviceAccounts, row.id, [
        [serviceAccounts.clientId, row.clientId],
        [serviceAccounts.clientSecretHash, row.clientSecretHash],
      ]),
    storeSecret: storeClientSecretHash,
    storeCopy: (d1, confirmed) => upsertServiceCopy(d1, serviceCopy(confirmed, 'client_secret'), confirmed.now),
  } satisfies Grant<ServiceAccount>,
  api_user: {
    ...service,
    fields: { name: 'username', secret: 'api_key' },
    missing: 'api_user_fields_missing',
    limitKey: (username) => `username:${username.toLowerCase()}`,
    findByName: (d1, username) => findServiceByUsername(d1, username),
    storedSecret: (row) => row.apiKeyHash,
    unchanged: (row) =>
      stillVerified(serviceAccounts, row.id, [
        [serviceAccounts.username, row.username],
        [serviceAccounts.apiKeyHash, row.apiKeyHash],
      ]),
    storeSecret: storeApiKeyHash,
    storeCopy: (d1, confirmed) => upsertServiceCopy(d1, serviceCopy(confirmed, 'api_key'), confirmed.now),
  } satisfies Grant<ServiceAccount>,
} as const

/** The grant a principal of this type refreshes through (both service grants read the same row). */
export const REFRESH_GRANT = { customer: 'customer', api_user: 'client_credentials' } as const satisfies Record<Identity['type'], GrantName>

const GUEST_CART_FIELDS = ['maskedId', 'cartId', 'guestCartId'] as const

/**
 * Validates a token request body (already a JSON object) into a TokenRequest, or throws the
 * shop's error: `unsupported_grant_type`, then missing fields, then bad email syntax. Passwords
 * are not length-checked here: an over-long one fails verification like a wrong one. Pure.
 */
export function parseTokenRequest(body: Record<string, unknown>): TokenRequest {
  // As at the shop: `grant_type` absent means `customer`; anything else unknown is refused.
  const grantType = body.grant_type === undefined ? 'customer' : body.grant_type
  if (typeof grantType !== 'string' || !Object.hasOwn(GRANTS, grantType)) {
    fail('unsupported_grant_type', { detail: `grant_type ${JSON.stringify(grantType)?.slice(0, 40)}` })
  }
  const grant = grantType as GrantName
  const { fields, missing } = GRANTS[grant]
  // The shop accepts `username` as an alias of `email` for customers.
  const rawName = grant === 'customer' ? (body.email ?? body.username) : body[fields.name]
  const name = grant === 'customer' && typeof rawName === 'string' ? rawName.trim() : rawName
  const secret = body[fields.secret]
  if (!isFilled(name) || !isFilled(secret)) fail(missing)
  if (grant === 'customer' && !isLoginEmail(name)) fail('invalid_email')
  const request: TokenRequest = { grant, name, secret }
  // A service grant may narrow its token (RFC 6749 §3.3); a customer's scope is ignored, as the shop does.
  if (grant !== 'customer') {
    const scope = readScope(body.scope)
    if (!scope.ok) fail('invalid_scope', { detail: scope.reason })
    if (scope.value) request.scope = scope.value
  }
  if (grant === 'customer') {
    const field = GUEST_CART_FIELDS.find((f) => body[f] !== undefined && body[f] !== null)
    if (field) request.guestCart = { field, value: body[field] }
    const twofaCode = readTwofaCode(body.twofa_code)
    if (twofaCode !== undefined) request.twofaCode = twofaCode
  }
  return request
}

function isFilled(value: unknown): value is string {
  return typeof value === 'string' && value.length > 0
}

function asRecord(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {}
}

function asString(value: unknown): string {
  return typeof value === 'string' ? value : ''
}

// A client_credentials-only account has no username; its client_id names it instead.
function serviceUsername(row: ServiceAccount): string {
  return row.username ?? row.clientId ?? ''
}
