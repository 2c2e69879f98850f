import type { Context } from 'hono'
import { requestId } from 'hono/request-id'

// hono's own rule for an id a client sends: 1 to 255 characters of `A-Za-z0-9_-=`.
const SAFE_ID = /^[\w\-=]{1,255}$/

/**
 * hono's request-id middleware, told to leave the answer's headers alone. With its default
 * `headerName` it also calls `c.header('X-Request-Id', …)` before the request is handled, which
 * builds a Headers object on every request that only gatehouse's own answers use: a proxied answer
 * is the shop's, and the gateway labels it itself. The id is the one hono would choose: the
 * client's `X-Request-Id` when it is safe, else a fresh UUID. `ownAnswerHeaders` and `onError` put
 * it on gatehouse's own answers.
 *
 * @example
 * app.use(withRequestId)
 */
export const withRequestId = requestId({
  headerName: '',
  generator: (c: Context) => clientRequestId(c.req.raw.headers.get('X-Request-Id')) ?? crypto.randomUUID(),
})

function clientRequestId(sent: string | null): string | undefined {
  return sent !== null && SAFE_ID.test(sent) ? sent : undefined
}
