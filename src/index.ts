import { Hono } from 'hono'
import { shopCors } from './cors'
import type { Env } from './env'
import { errorResponse, onError } from './errors'

const app = new Hono<{ Bindings: Env }>()

app.onError(onError)
app.use('/api/*', shopCors)
app.notFound(() => errorResponse('route_not_found'))

export default app satisfies ExportedHandler<Env>
