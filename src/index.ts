import { Hono } from 'hono'
import type { Env } from './env'
import { errorResponse, onError } from './errors'

const app = new Hono<{ Bindings: Env }>()

app.onError(onError)
app.notFound(() => errorResponse('route_not_found'))

export default app satisfies ExportedHandler<Env>
