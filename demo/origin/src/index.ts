// The demo origin: a small stand-in for the shop. Its auth (token endpoint, accounts, the check
// of the Bearer) lives in shop/; every other request it accepts is answered 200 with JSON carrying
// `demo: true`, the method, the path (with query) and every header it received (lower-case names),
// plus sample data where the demo has some, so a person can see what the shop would see. Test
// hooks live in hooks.ts.
import { Hono } from 'hono'
import { countHit, demoHook } from './hooks'
import { sampleData } from './resources'
import { shopHooks } from './shop/hooks'
import type { ShopEnv } from './shop/state'
import { tokenEndpoint } from './shop/token-endpoint'

const API = '/api/rest/v2'
const app = new Hono<{ Bindings: ShopEnv }>()

app.use('*', async (c, next) => {
  const url = new URL(c.req.url)
  if (!url.pathname.startsWith('/__demo/hits')) countHit(c.req.raw)
  const hook = await demoHook(c.req.raw, url)
  if (hook) return hook
  await next()
})
app.route('/__demo/shop', shopHooks)
app.post(`${API}/auth/token`, tokenEndpoint)
app.all('*', async (c) => Response.json(await echo(c.req.raw, new URL(c.req.url))))

export default app

// Shows that a request body arrived intact; capped so the echo stays readable.
const MAX_ECHOED_BODY = 4096

async function echo(request: Request, url: URL): Promise<Record<string, unknown>> {
  const receivedHeaders: Record<string, string> = {}
  for (const [name, value] of request.headers) receivedHeaders[name.toLowerCase()] = value
  const body: Record<string, unknown> = {
    demo: true,
    method: request.method,
    path: url.pathname + url.search,
    receivedHeaders,
  }
  const data = sampleData(url.pathname, request.headers)
  if (data !== undefined) body.data = data
  if (request.body) body.receivedBody = (await request.text()).slice(0, MAX_ECHOED_BODY)
  return body
}
