import { Hono } from 'hono'
import { requestId } from 'hono/request-id'
import { authRoutes } from './auth'
import { shopCors } from './cors'
import type { Env } from './env'
import { errorResponse, onError } from './errors'
import { gateway } from './gateway'

const app = new Hono<{ Bindings: Env }>()

app.onError(onError)
// Every log line of a request carries this id; it is echoed as X-Request-Id so a client can quote it.
app.use(requestId())
// CORS next: preflights are answered here and never reach the token service or the origin.
app.use('/api/*', shopCors)
// The token endpoints are gatehouse's own...
app.route('/api/rest/v2/auth', authRoutes)
// ...everything else under the API goes through the route policy to the origin.
app.all('/api/rest/v2/*', gateway)
app.notFound(() => errorResponse('route_not_found'))

export default app satisfies ExportedHandler<Env>
