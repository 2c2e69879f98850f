import { sql } from 'drizzle-orm'
import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core'

/** Lockout state of one login name; written only by src/db/lockout.ts. Times are seconds since the epoch. */
const lockoutColumns = {
  failedLoginCount: integer('failed_login_count').notNull().default(0),
  /** When the current counting window opened; null when no failure is being counted. */
  failedWindowStartedAt: integer('failed_window_started_at'),
  /** Logins are refused until this time; null when not locked. */
  lockedUntil: integer('locked_until'),
}

/**
 * How current an edge copy is: the shop is the source of truth (docs/credentials.md).
 * Seconds since the epoch.
 */
const shopCopyColumns = {
  /** When the shop last confirmed this copy (a shop login, a write-through, a sync); null: ask the shop first. */
  confirmedAt: integer('confirmed_at'),
}

/** Customers who log in with email + password (the `customer` grant). Ids are the shop's. */
export const customers = sqliteTable(
  'customers',
  {
    id: integer('id').primaryKey(),
    email: text('email').notNull(),
    /**
     * The email as the shop's database compares it (src/core/email-key.ts `emailKey`: case, Unicode and
     * trailing-space folding of its MySQL/MariaDB collation): what logins, write-through and sync
     * find a copy by. Written by every insert and email change alongside `email`.
     */
    emailKey: text('email_key').notNull(),
    /** Any format in src/auth/passwords: bcrypt, hex digests (bare or `hex:salt`), or our PBKDF2. */
    passwordHash: text('password_hash').notNull(),
    firstName: text('first_name').notNull().default(''),
    lastName: text('last_name').notNull().default(''),
    isActive: integer('is_active', { mode: 'boolean' }).notNull().default(true),
    /** The shop's website the account belongs to; an email is unique per website, as in the shop. */
    websiteId: integer('website_id').notNull().default(1),
    ...shopCopyColumns,
    /** The shop's own `password_hash` when this copy was taken from it (sync); null when unknown. */
    shopPasswordHash: text('shop_password_hash'),
    /**
     * The shop's second factor (TOTP) is on for this customer: every login is sent to the shop,
     * never answered from this copy (docs/credentials.md "The second factor").
     */
    secondFactor: integer('second_factor', { mode: 'boolean' }).notNull().default(false),
  },
  (t) => [uniqueIndex('customers_email_key_website_unique').on(t.emailKey, t.websiteId)],
)

/**
 * Service accounts: the `api_user` grant (username + api_key) and the `client_credentials` grant
 * (client_id + client_secret). One account may have both. Ids are the shop's api user ids.
 */
export const serviceAccounts = sqliteTable(
  'service_accounts',
  {
    id: integer('id').primaryKey(),
    username: text('username'),
    apiKeyHash: text('api_key_hash'),
    clientId: text('client_id'),
    clientSecretHash: text('client_secret_hash'),
    isActive: integer('is_active', { mode: 'boolean' }).notNull().default(true),
    /** JSON array of store ids the account is limited to; null means every store. */
    allowedStoreIds: text('allowed_store_ids', { mode: 'json' }).$type<number[] | null>(),
    /** JSON array of `resource/verb` strings, `resource/all` or `all`. */
    permissions: text('permissions', { mode: 'json' }).$type<string[]>().notNull().default(sql`'[]'`),
    ...shopCopyColumns,
    /** The shop's own `api_key` hash when this copy was taken from it (sync); null when unknown. */
    shopApiKeyHash: text('shop_api_key_hash'),
    /** The shop's own `client_secret` hash when this copy was taken from it (sync); null when unknown. */
    shopClientSecretHash: text('shop_client_secret_hash'),
  },
  (t) => [uniqueIndex('service_accounts_username_unique').on(t.username), uniqueIndex('service_accounts_client_id_unique').on(t.clientId)],
)

/**
 * Lockout state per login name: a customer email, a client_id or an api username, whether or not
 * an account has it, so that a 429 never tells an attacker an account exists, and each secret of a
 * service account (client secret, api key) locks apart from the other. Keyed by a SHA-256 of the
 * grant and the normalised name (src/db/lockout.ts `lockKey`), so the table holds no email or username in
 * clear. A row exists only while failures are being counted or a lock holds.
 */
export const loginFailures = sqliteTable('login_failures', {
  identityHash: text('identity_hash').primaryKey(),
  ...lockoutColumns,
})

/**
 * Token ids that have been exchanged at /auth/refresh, kept until the token's own exp. D1 is
 * consistent where KV is not, so a conditional insert here makes each token refreshable once even
 * when two refreshes race (KV's revocation alone would let both through).
 */
export const refreshedTokens = sqliteTable(
  'refreshed_tokens',
  {
    jti: text('jti').primaryKey(),
    /** The refreshed token's exp (seconds); the row is useless afterwards and is pruned. */
    expiresAt: integer('expires_at').notNull(),
  },
  (t) => [index('refreshed_tokens_expires_at').on(t.expiresAt)],
)

/**
 * Refresh-token families (RFC 9700 §4.14.2): one per customer login that got a refresh token.
 * Every token rotated from it belongs to it; reuse of a rotated token ends it. Times in seconds.
 */
export const refreshFamilies = sqliteTable(
  'refresh_families',
  {
    /** 32 lowercase hex characters, random. */
    id: text('id').primaryKey(),
    customerId: integer('customer_id').notNull(),
    createdAt: integer('created_at').notNull(),
    /** The absolute end of the family (REFRESH_ABSOLUTE_SECONDS after the login). */
    expiresAt: integer('expires_at').notNull(),
    /** When the family was ended (logout, reuse, password change, deactivation); null while live. */
    revokedAt: integer('revoked_at'),
    revokedReason: text('revoked_reason'),
    /** A short label of the login's User-Agent ("Safari on iPhone"); the User-Agent itself is not kept. */
    device: text('device'),
    /** Where Cloudflare placed the client at login: ISO country code and city; null when unknown. */
    loginCountry: text('login_country'),
    loginCity: text('login_city'),
    /** The last use (a rotation, or /auth/refresh of one of its access tokens; null: none since the login), and where it came from. */
    lastUsedAt: integer('last_used_at'),
    lastCountry: text('last_country'),
    lastCity: text('last_city'),
  },
  (t) => [index('refresh_families_customer').on(t.customerId), index('refresh_families_expires_at').on(t.expiresAt)],
)

/** Refresh tokens, only as SHA-256 hashes; a token is live until rotated, idle-expired or its family ends. */
export const refreshTokens = sqliteTable(
  'refresh_tokens',
  {
    /** SHA-256 hex of the token; the token itself is never stored. */
    tokenHash: text('token_hash').primaryKey(),
    familyId: text('family_id').notNull(),
    issuedAt: integer('issued_at').notNull(),
    /** Idle expiry: REFRESH_IDLE_SECONDS after issue, never past the family's expires_at. */
    expiresAt: integer('expires_at').notNull(),
    /** When it was exchanged for its successor; null while unused. */
    rotatedAt: integer('rotated_at'),
  },
  (t) => [index('refresh_tokens_family').on(t.familyId)],
)

/** The access tokens issued from a family, kept until their exp so that ending the family revokes them. */
export const sessionAccessTokens = sqliteTable(
  'session_access_tokens',
  {
    jti: text('jti').primaryKey(),
    familyId: text('family_id').notNull(),
    expiresAt: integer('expires_at').notNull(),
  },
  (t) => [index('session_access_tokens_family').on(t.familyId), index('session_access_tokens_expires_at').on(t.expiresAt)],
)

/**
 * Where `npm run sync` (scripts/sync.ts) left off reading the shop's database, per source table:
 * the shop's own `updated_at` text and id of the last row written. Written in the same D1 batch as
 * the rows, so a crashed run resumes exactly after the last batch that landed (docs/sync.md).
 */
export const syncState = sqliteTable('sync_state', {
  source: text('source').primaryKey(),
  /** The shop's timestamp as its database prints it (`YYYY-MM-DD HH:MM:SS`, the shop's time zone). */
  updatedAt: text('updated_at').notNull(),
  lastId: integer('last_id').notNull(),
})

/**
 * Order and payment attempts counted per client IP bucket or customer, in fixed windows
 * (docs/security.md, "Card testing"): D1 because Workers rate-limit bindings count only 10 or 60 s
 * periods and KV's counters race. A row lives one window.
 */
export const checkoutAttempts = sqliteTable(
  'checkout_attempts',
  {
    /** `ip:<address or /64>` or `customer:<id>`. */
    bucket: text('bucket').primaryKey(),
    windowStartedAt: integer('window_started_at').notNull(),
    count: integer('count').notNull(),
  },
  (t) => [index('checkout_attempts_window').on(t.windowStartedAt)],
)

/**
 * The security-event trail (docs/operations.md "Security events"): one row per event that matters
 * to the shop's security, written in the background (src/events). Never a password, secret, code,
 * token or an unknown attempted email. Pruned after EVENTS_RETENTION_DAYS by the scheduled upkeep.
 */
export const securityEvents = sqliteTable(
  'security_events',
  {
    /** 32 lowercase hex characters, random. */
    id: text('id').primaryKey(),
    /** Seconds since the epoch. */
    at: integer('at').notNull(),
    kind: text('kind').notNull(),
    /** `customer_5`, `api_user_2`; null when unknown. */
    subject: text('subject'),
    ip: text('ip'),
    requestId: text('request_id'),
    /** A small JSON object: grant, reason, counts. */
    detail: text('detail', { mode: 'json' }).$type<Record<string, string | number | boolean | null>>().notNull().default(sql`'{}'`),
  },
  (t) => [
    index('security_events_at').on(t.at, t.id),
    index('security_events_subject_at').on(t.subject, t.at),
    index('security_events_kind_at').on(t.kind, t.at),
  ],
)

/**
 * How many events of a kind one actor (its subject, else its IP, else `-`; `*` for all of them) set
 * off in one minute: the burst cap reads it in the same batch that records the event, and counts on
 * past the cap, so a flood costs one row per actor and minute instead of one per attempt.
 */
export const securityEventBursts = sqliteTable(
  'security_event_bursts',
  {
    kind: text('kind').notNull(),
    actor: text('actor').notNull(),
    /** Seconds since the epoch divided by 60, floored. */
    minute: integer('minute').notNull(),
    count: integer('count').notNull(),
  },
  (t) => [primaryKey({ columns: [t.kind, t.actor, t.minute] }), index('security_event_bursts_minute').on(t.minute)],
)

/**
 * Requests the gateway refused (a 4xx it decided itself), counted per minute, refusal reason and
 * route template (`-` when no route matched; never the raw path). Each isolate counts in memory and
 * adds its counts here in one batch at most every 10 s (src/events/refusals.ts), so a flood of
 * refusals costs a bounded number of writes and one row per minute, reason and route. Pruned after
 * EVENTS_RETENTION_DAYS by the scheduled upkeep.
 */
export const refusalCounts = sqliteTable(
  'refusal_counts',
  {
    /** Seconds since the epoch divided by 60, floored. */
    minute: integer('minute').notNull(),
    /** The refusal reason of src/core/errors.ts (`authentication_required`, `route_not_found`), `-` when none was given. */
    reason: text('reason').notNull(),
    /** The matched route template (`/customers/{id}`, `/auth/token`), `-` when nothing matched. */
    route: text('route').notNull(),
    count: integer('count').notNull(),
  },
  (t) => [primaryKey({ columns: [t.minute, t.reason, t.route] })],
)

export type Customer = typeof customers.$inferSelect
export type ServiceAccount = typeof serviceAccounts.$inferSelect
