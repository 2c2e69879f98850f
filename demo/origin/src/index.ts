// The demo origin: stands in for the shop. Every answer is 200 JSON with `demo: true`, the method,
// the path (with query) and every header it received (lower-case names), plus sample data where
// the demo has some, so a person can see what the shop would see. Test hooks live in hooks.ts.
import { shopDelay, withCaching } from './caching'
import { countHit, demoHook } from './hooks'
import { sampleData } from './resources'

export default {
  async fetch(request: Request): Promise<Response> {
    const url = new URL(request.url)
    if (!url.pathname.startsWith('/__demo/hits')) countHit(request)
    await shopDelay(request)
    const hook = await demoHook(request, url)
    if (hook) return hook
    return withCaching(request, url, await echo(request, url))
  },
} satisfies ExportedHandler

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
