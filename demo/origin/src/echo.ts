// The echo: what the demo origin answers for a request it accepts, so a person can see what the
// shop would see: `demo: true`, the method, the path (with query), every header it received
// (lower-case names), the body (capped), plus sample data where the demo has some.
import { sampleData } from './resources'

// Shows that a request body arrived intact; capped so the echo stays readable.
const MAX_ECHOED_BODY = 4096

export type Echo = Record<string, unknown>

/** The echo of `request`; `extra` (the shop's own answer fields, or `data`) is merged in. */
export async function echo(request: Request, extra: Echo = {}): Promise<Echo> {
  const url = new URL(request.url)
  const receivedHeaders: Record<string, string> = {}
  for (const [name, value] of request.headers) receivedHeaders[name.toLowerCase()] = value
  const body: Echo = {
    demo: true,
    method: request.method,
    path: url.pathname + url.search,
    receivedHeaders,
  }
  const data = sampleData(url.pathname)
  if (data !== undefined) body.data = data
  if (request.body && !request.bodyUsed) body.receivedBody = new TextDecoder().decode(await request.arrayBuffer()).slice(0, MAX_ECHOED_BODY)
  return { ...body, ...extra }
}
