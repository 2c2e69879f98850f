/**
 * The Worker's bindings and variables, as wrangler.toml declares them.
 * Request code never reads these directly: `readConfig` turns them into a typed `Config` once.
 */
export interface Env {
  /** D1: customer and service-account credentials (schema in src/db/schema.ts). */
  DB: D1Database
  /** KV: revoked token ids and per-subject "not before" stamps (keys in docs/storage.md). */
  REVOKED: KVNamespace
  /** Rate limiter for the token and refresh endpoints, keyed by client IP (10 per minute). */
  RATE_LIMIT_IP: RateLimit
  /** Rate limiter for the token endpoint, keyed by email, client_id or username (5 per minute). */
  RATE_LIMIT_IDENTITY: RateLimit
  /** Rate limiter for `/api/graphql`, keyed by client IP (docs/operations.md, "The shop's doors"). */
  RATE_LIMIT_GRAPHQL: RateLimit
  /** Rate limiter for `/api/mcp`, keyed by client IP. */
  RATE_LIMIT_MCP: RateLimit
  /** Per authenticated client id at revocation and introspection (60/min). */
  RATE_LIMIT_CLIENT: RateLimit
  /** The static files of public/ (the index page, the operator page), served only with OPERATOR_PAGE=on. */
  ASSETS?: Fetcher
  /** Workers Analytics Engine dataset: one data point per request (docs/operations.md "Metrics"); optional. */
  METRICS?: AnalyticsEngineDataset
  /** Optional service binding to the origin shop; when present it wins over ORIGIN_URL. */
  ORIGIN?: Fetcher
  /** Optional service binding to a Pwned Passwords range service (local: the demo one); when present it wins over BREACHED_PASSWORDS_URL's host. */
  PWNED_PASSWORDS?: Fetcher
  /** Optional service binding to a Turnstile siteverify service (local: the demo one); when present it wins over TURNSTILE_VERIFY_URL's host. */
  TURNSTILE?: Fetcher

  /** Secret (`wrangler secret put JWT_SECRET`): the shop's HS256 secret, at least 32 characters. */
  JWT_SECRET?: string
  /** Comma-separated accepted `iss` values, the first signs: the shop's base URL with a trailing slash (26.7 line) or its origin (newer line). */
  JWT_ISSUER?: string
  /** Comma-separated accepted `aud` values, the first signs; default `maho-api`. */
  JWT_AUDIENCE?: string
  /** Token lifetime in seconds; default 3600. */
  TOKEN_TTL?: string
  /** Base URL of the origin shop, used when there is no ORIGIN service binding. */
  ORIGIN_URL?: string
  /** How long to wait for the origin before answering 504; default 30000. */
  ORIGIN_TIMEOUT_MS?: string
  /** Comma-separated list of origins allowed by CORS (never `*`). */
  CORS_ORIGINS?: string
  /** Failed logins within the window that lock an account; default 10. */
  LOCKOUT_MAX_FAILURES?: string
  /** Length of the failure-counting window in seconds; default 900. */
  LOCKOUT_WINDOW_SECONDS?: string
  /** How long a locked account stays locked, in seconds; default 900. */
  LOCKOUT_SECONDS?: string
  /** How long one KV read or write of the revocation store may take before 503; default 2000. */
  KV_TIMEOUT_MS?: string
  /** `off` turns the edge cache for anonymous catalogue reads off everywhere; default `on` (docs/cache.md). */
  EDGE_CACHE?: string
  /** Upper bound in seconds on how long a cached answer is fresh (and on its stale window); default 300. */
  EDGE_CACHE_MAX_AGE?: string
  /** Comma-separated public GET route templates never cached, e.g. `/products/{id},/cms-pages`. */
  EDGE_CACHE_OFF_ROUTES?: string
  /** Comma-separated cookie names the shop's catalogue answers never depend on (e.g. `_ga,_gid`); any other cookie keeps a request away from the edge cache. */
  EDGE_CACHE_IGNORED_COOKIES?: string
  /** Which requests get a request log line: `refusals` (default: refused and failed ones) or `all`. */
  LOG_REQUESTS?: string
  /** Security events older than this many days are pruned by the scheduled upkeep; default 90. */
  EVENTS_RETENTION_DAYS?: string
  /** A D1 copy older than this many seconds is confirmed with the shop at the next login; default 86400. */
  SHOP_CONFIRM_AGE_SECONDS?: string
  /** The shop's release line, whose route table the gateway enforces: `main` (default) or `26.7`. */
  SHOP_API_LINE?: string
  /** The website whose customer account is tried first when an email exists on several; default 1. */
  DEFAULT_WEBSITE_ID?: string
  /** A refresh token unused this long expires, in seconds; default 2592000 (30 days). */
  REFRESH_IDLE_SECONDS?: string
  /** A refresh-token family ends this long after its login, in seconds; default 7776000 (90 days). */
  REFRESH_ABSOLUTE_SECONDS?: string
  /** A rotated refresh token presented again within this many seconds gets the same answer; default 5. */
  REFRESH_GRACE_SECONDS?: string
  /** Comma-separated origins whose pages get `__Host-` cookies instead of tokens (cookie mode); default none. */
  COOKIE_ORIGINS?: string
  /** `Strict` (default) or `Lax`: the SameSite attribute of the session cookies. */
  COOKIE_SAMESITE?: string
  /** `on` when the shop's own OAuth 2.1 server for MCP clients is enabled: `/api/oauth/*` passes, its tokens reach `/api/mcp`; default `off`. */
  SHOP_OAUTH_SERVER?: string
  /** `on` forwards `GET /api/graphql` with a query string (persisted queries); default `off`. */
  GRAPHQL_GET?: string
  /** Largest request body forwarded to `/api/graphql` and `/api/mcp`, in bytes; default 65536. */
  DOORS_MAX_BODY_BYTES?: string
  /** `off` turns the breached-password check of new passwords off; default `on`. */
  BREACHED_PASSWORDS?: string
  /** The Pwned Passwords range API's base URL; default https://api.pwnedpasswords.com. */
  BREACHED_PASSWORDS_URL?: string
  /** A new password seen in breaches this many times or more is refused; default 1. */
  BREACHED_PASSWORDS_THRESHOLD?: string
  /** How long the range service may take before the check is skipped (and logged); default 1500. */
  BREACHED_PASSWORDS_TIMEOUT_MS?: string
  /** Comma-separated storefront origins whose login, registration and reset requests must carry a Turnstile token; default none (off). */
  TURNSTILE_ORIGINS?: string
  /** Secret (`wrangler secret put TURNSTILE_SECRET`): the Turnstile widget's secret key; required when TURNSTILE_ORIGINS is set. */
  TURNSTILE_SECRET?: string
  /** The siteverify URL; default https://challenges.cloudflare.com/turnstile/v0/siteverify. */
  TURNSTILE_VERIFY_URL?: string
  /** How long siteverify may take before the request is refused with 503; default 3000. */
  TURNSTILE_TIMEOUT_MS?: string
  /** Order and payment attempts (place-order, POST /orders, payment-method) per client IP per window; 0 is off; default 10. */
  CHECKOUT_LIMIT_PER_IP?: string
  /** The same per customer (customer tokens); 0 is off; default 10. */
  CHECKOUT_LIMIT_PER_CUSTOMER?: string
  /** The window of both checkout limits, in seconds; default 600. */
  CHECKOUT_WINDOW_SECONDS?: string
  /** Local only, set by `npm start` from its own DEV_RATE_LIMIT: the per-minute limits it raised its bindings to. */
  DEV_RATE_LIMIT?: string
  /** `on` serves the index page at / and the operator page at /ops/; default `off` (docs/operations.md). */
  OPERATOR_PAGE?: string
  /** Local only (never set in production): serve the demo storefront page at /demo/storefront. */
  DEMO_STOREFRONT?: string
  /** Local only: `on` passes clients' `X-Demo-*` test hooks to the demo shop bound as ORIGIN; unset, `off` or an ORIGIN_URL origin drops them. */
  DEMO_HOOKS?: string
}
