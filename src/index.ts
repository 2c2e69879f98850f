import { Hono } from 'hono'
import {
  authRoutes,
  limitPurgeBody,
  PURGE_PATH,
  purgeRoute,
  demoStorefront,
  events,
  eventSummary,
  health,
  discovery,
  oauthRoutes,
  openApi,
  operatorPages,
  sessionRoutes,
} from './endpoints'
import { contextWith, type GatehouseEnv } from './context'
import { shopCors, requestLog, ownAnswerHeaders, onError, catchThrownValues, withRequestId } from './middleware'
import { securityEventSink } from './events'
import { fail } from './core'
import { door, GRAPHQL_PATH, MCP_PATH, gateway, SHOP_OAUTH_PATHS, shopOAuth } from './gateway'
import { AUTH_PATH } from './config'
import { scheduled } from './upkeep'

const app = new Hono<GatehouseEnv>()

app.onError(onError)
// Every log line of a request carries this id; it is echoed as X-Request-Id so a client can quote it.
app.use(withRequestId)
// One context per request (config, clock, request id, logger), read by every step below; the
// security events it logs are also recorded in D1 (docs/operations.md "Security events").
app.use(contextWith(securityEventSink))
// One log line per request, written after everything below has answered.
app.use(requestLog)
// Security headers on gatehouse's own answers; the origin's pass through untouched.
app.use(ownAnswerHeaders)
app.use(catchThrownValues)
// CORS next: preflights are answered here and never reach the token service or the origin.
app.use('/api/*', shopCors)
app.use('/.well-known/*', shopCors)
// OAuth discovery (RFC 8414, RFC 9728) at the root of the shop's host; wrangler.toml routes both paths.
app.route('/', discovery)
// For monitors: not rate-limited, probes cached per isolate.
app.get(`${AUTH_PATH}/health`, health)
app.get(`${AUTH_PATH}/openapi.json`, openApi)
// The security-event trail, for service accounts holding events/read.
app.get(`${AUTH_PATH}/events`, events)
// Refusal counts and the edge copy's freshness, for the operator page's period charts.
app.get(`${AUTH_PATH}/events/summary`, eventSummary)
for (const path of ['/health', '/openapi.json', '/events', '/events/summary']) {
  app.all(`${AUTH_PATH}${path}`, () => fail('method_not_allowed', { headers: { Allow: 'GET, HEAD' } }))
}
// The token endpoints are gatehouse's own (and revocation and introspection, RFC 7009 / RFC 7662)...
app.route(AUTH_PATH, oauthRoutes)
app.route(AUTH_PATH, authRoutes)
// ...so is the customer's list of their own sessions (docs/sessions.md)...
app.route(AUTH_PATH, sessionRoutes)
// ...so is the edge cache's purge (docs/cache.md)...
app.post(PURGE_PATH, limitPurgeBody, purgeRoute)
// ...everything else under the API goes through the route policy to the origin.
app.all('/api/rest/v2/*', gateway)
// The shop's two other APIs on the same tokens, and its own OAuth server for MCP clients when it is on
// (docs/operations.md, "The shop's doors").
app.all(GRAPHQL_PATH, door('graphql'))
app.all(MCP_PATH, door('mcp'))
for (const path of SHOP_OAUTH_PATHS) app.all(path, shopOAuth(path))
// Local only (DEMO_STOREFRONT=on): the demo storefront page of docs/sessions.md.
app.get('/demo/*', demoStorefront)
// OPERATOR_PAGE=on (local): the index page and the operator page (docs/operations.md).
app.get('/', operatorPages)
app.get('/ops/*', operatorPages)
// Thrown rather than answered so the refusal reaches onError and the request log like any other.
app.notFound(() => fail('route_not_found', { detail: 'outside the API' }))

// fetch answers requests; scheduled is the Cron Trigger's upkeep (wrangler.toml [triggers]).
export default { fetch: app.fetch, scheduled: (controller, env, _ctx) => scheduled(controller, env).then(() => undefined) } satisfies ExportedHandler<
  GatehouseEnv['Bindings']
>
