import { Hono } from 'hono'
import { authRoutes } from './auth'
import type { Env } from './env'
import { errorResponse, onError } from './errors'

const app = new Hono<{ Bindings: Env }>()

app.onError(onError)
app.route('/api/rest/v2/auth', authRoutes)
app.notFound(() => errorResponse('route_not_found'))

export default app satisfies ExportedHandler<Env>
