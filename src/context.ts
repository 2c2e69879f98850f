import type { MiddlewareHandler } from 'hono'
import type { RequestIdVariables } from 'hono/request-id'
import { readConfig, type Config } from './config'
import { type D1Handle, openSession, sessionConstraint } from './db'
import { type Env, logEvent, type EventFields, type EventSink } from './core'

/**
 * What every step of one request shares, built once at the entry (`withContext`): the bindings, the
 * parsed Config, the request's clock and id, and a logger that stamps that id on every line.
 */
export interface RequestContext {
  env: Env
  config: Config
  /**
   * The request's D1 session, for account reads and writes: its first read goes where
   * `sessionConstraint` says (a login's or refresh's may be served by the nearest read replica),
   * and every later read sees the request's own writes. Opened on first use. Decisions that must
   * see the newest state (lockout, refresh claims, whether a copy read here is still the
   * primary's) use `env.DB`, the primary.
   */
  db: D1Handle
  /** Seconds since the epoch when the request arrived; every decision of the request uses it. */
  now: number
  requestId: string
  /** The client's address as Cloudflare's edge saw it (CF-Connecting-IP); absent off the edge. */
  clientIp: string | undefined
  /** The client's User-Agent and where Cloudflare's edge placed it (request.cf), for the session list. */
  client: ClientFacts
  /** Writes one JSON line carrying `requestId` (see src/core/log.ts for what may go in it). */
  log: (fields: EventFields) => void
}

/** What a request says about its client's device and place; each field absent when unknown. */
export interface ClientFacts {
  userAgent?: string | undefined
  /** ISO 3166-1 alpha-2 country code (request.cf.country). */
  country?: string | undefined
  city?: string | undefined
}

/** What one request's steps tell the middleware around them (request log, own-answer headers). */
export type GatehouseVariables = RequestIdVariables & {
  ctx: RequestContext
  /** The route-table template the gateway matched (`/customers/{id}`), never the raw path. */
  route?: string
  /** The matched route's level (`public`, `customer`, `admin`), for the request's metric. */
  level?: string
  /** The token endpoint's grant (`customer`, `client_credentials`, `api_user`, `refresh_token`), for the request's metric. */
  grant?: string
  /** Set once the origin's answer is being returned: it passes through unchanged. */
  proxied?: boolean
  /** Set on the OAuth 2.0 endpoints (token, revoke, introspect): errors add `error_description`. */
  oauth?: boolean
}

/** The Hono environment of the whole app: bindings plus the per-request variables above. */
export type GatehouseEnv = { Bindings: Env; Variables: GatehouseVariables }

/**
 * Builds a RequestContext. Reading `config` throws ConfigError when the environment is invalid.
 *
 * @example
 * const ctx = requestContext(env, { requestId: crypto.randomUUID() })
 */
export function requestContext(env: Env, options: ContextOptions = {}): RequestContext {
  return new Context(env, options)
}

type ContextOptions = {
  requestId?: string
  now?: number
  clientIp?: string
  client?: ClientFacts | (() => ClientFacts)
  d1?: D1SessionConstraint
  sink?: EventSink
}

// A class rather than an object literal with getters: the getters are defined once, on the
// prototype, instead of as three new closures on every request.
class Context implements RequestContext {
  readonly requestId: string
  now: number
  clientIp: string | undefined
  readonly log: (fields: EventFields) => void
  #session: D1DatabaseSession | undefined
  #client: ClientFacts | undefined

  constructor(
    readonly env: Env,
    private readonly options: ContextOptions,
  ) {
    const requestId = options.requestId ?? crypto.randomUUID()
    this.requestId = requestId
    this.now = options.now ?? Date.now() / 1000
    this.clientIp = options.clientIp
    this.log = (fields) => {
      const line = { ...fields, requestId }
      logEvent(line)
      options.sink?.(line)
    }
  }

  // Read on first use (once per isolate anyway): a request that needs no config, such as a 404
  // outside the API, is answered even when the config is broken.
  get config(): Config {
    return readConfig(this.env)
  }

  // Opened on first use: the gateway's requests never touch D1 and pay nothing for it.
  get db(): D1Handle {
    this.#session ??= openSession(this.env.DB, this.options.d1 ?? 'first-primary')
    return this.#session
  }

  // Read on first use: only a login or a refresh stores them; a proxied request never reads them.
  get client(): ClientFacts {
    const { client } = this.options
    this.#client ??= typeof client === 'function' ? client() : (client ?? {})
    return this.#client
  }
}

/** Builds a request's event sink from its bindings, its execution context and its client IP. */
export type SinkFactory = (env: Env, waitUntil: (work: Promise<unknown>) => void, clientIp: string | undefined) => EventSink

/**
 * Middleware: puts the request's context at `c.get('ctx')`, after hono's requestId. With a sink
 * factory, every line the request logs through `ctx.log` (refusals included: src/core/errors.ts) also
 * goes to that request's sink; the entry file wires the security-event trail in this way, so this
 * bottom layer imports no feature.
 *
 * @example
 * app.use(requestId(), contextWith(securityEventSink))
 */
export function contextWith(sinkOf?: SinkFactory): MiddlewareHandler<GatehouseEnv> {
  return async (c, next) => {
    const d1 = sessionConstraint(c.req.method, c.req.path)
    const clientIp = c.req.header('CF-Connecting-IP')
    const client = () => clientFacts(c.req.header('User-Agent'), c.req.raw.cf)
    const sink = sinkOf?.(c.env, (work) => c.executionCtx.waitUntil(work), clientIp)
    c.set('ctx', requestContext(c.env, { requestId: c.get('requestId'), clientIp, client, d1, ...(sink ? { sink } : {}) }))
    await next()
  }
}

/** `contextWith()` without a sink. */
export const withContext: MiddlewareHandler<GatehouseEnv> = contextWith()

// Capped: a header or a cf value is stored with a session, and nothing longer is useful.
const MAX_USER_AGENT = 512
const MAX_CITY = 100

function clientFacts(userAgent: string | undefined, cf: Record<string, unknown> | undefined): ClientFacts {
  const country = typeof cf?.country === 'string' && /^[A-Z0-9]{2}$/.test(cf.country) ? cf.country : undefined
  const city = typeof cf?.city === 'string' && cf.city !== '' ? cf.city.slice(0, MAX_CITY) : undefined
  return { userAgent: userAgent?.slice(0, MAX_USER_AGENT), country, city }
}
