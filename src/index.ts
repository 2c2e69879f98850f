import { Hono } from 'hono'
import { requestId } from 'hono/request-id'
import { authRoutes } from './auth'
import type { Env } from './env'
import { errorResponse, onError } from './errors'

const app = new Hono<{ Bindings: Env }>()

app.onError(onError)
// Every log line of a request carries this id; it is echoed as X-Request-Id so a client can quote it.
app.use(requestId())
app.route('/api/rest/v2/auth', authRoutes)
app.notFound(() => errorResponse('route_not_found'))

export default app satisfies ExportedHandler<Env>
