import type { Principal } from '../auth/principal'
import type { Config } from '../config'
import type { Env } from '../env'
import { fail } from '../errors'
import { withoutHopByHop } from './hop-by-hop'
import { originTarget, type OriginTarget } from './origin-target'
import { originRequestHeaders } from './request-headers'

export interface ForwardOptions {
  /** The client's request; its body is streamed to the origin, never buffered. */
  request: Request
  /** The canonical path the policy matched (e.g. `/api/rest/v2/products/1`); the query is the client's. */
  canonicalPath: string
  /** The verified caller, if any: becomes the `X-Gatehouse-*` identity headers. */
  principal: Principal | undefined
  /** The gateway's request id, sent to the shop as X-Request-Id. */
  requestId?: string
  env: Env
  config: Config
}

/**
 * Sends an allowed request to the origin and returns its answer unchanged except hop-by-hop headers.
 * Throws `origin_timeout` (504) when the origin has not answered within `config.origin.timeoutMs`,
 * `origin_unreachable` (502) when it cannot be reached. The upstream error text goes to the log only.
 *
 * @example
 * return forwardToOrigin({ request: c.req.raw, canonicalPath, principal, env: c.env, config })
 */
export async function forwardToOrigin({ request, canonicalPath, principal, requestId, env, config }: ForwardOptions): Promise<Response> {
  const requestUrl = new URL(request.url)
  const target = originTarget(env, config, canonicalPath, requestUrl)
  const init: RequestInit = {
    method: request.method,
    headers: originRequestHeaders(request.headers, { url: requestUrl, principal, requestId }),
    body: request.body,
    // A 3xx from the shop is the client's to follow, not ours (and never to a host we did not vet).
    redirect: 'manual',
  }
  const response = await fetchWithTimeout(target.fetcher, new Request(target.url, init), config.origin.timeoutMs)
  return new Response(response.body, {
    status: response.status,
    statusText: response.statusText,
    headers: withoutHopByHop(response.headers),
  })
}

const TIMED_OUT = Symbol('timed out')

// The timeout covers the wait for the response head only: once the origin answers, its body streams
// for as long as it takes. A race (not only an AbortSignal) so a fetcher that ignores the signal still
// gives the client its 504 on time.
async function fetchWithTimeout(fetcher: OriginTarget['fetcher'], request: Request, timeoutMs: number): Promise<Response> {
  const controller = new AbortController()
  let timer: ReturnType<typeof setTimeout> | null = null
  const timeout = new Promise<typeof TIMED_OUT>((resolve) => {
    timer = setTimeout(() => resolve(TIMED_OUT), timeoutMs)
  })
  const pending = fetcher.fetch(new Request(request, { signal: controller.signal }))
  pending.catch(() => {}) // after a timeout the aborted fetch rejects with nobody left to listen
  let outcome: Response | typeof TIMED_OUT
  try {
    outcome = await Promise.race([pending, timeout])
  } catch (err) {
    logOriginFailure('origin_unreachable', String(err))
    return fail('origin_unreachable', String(err))
  } finally {
    clearTimeout(timer)
  }
  if (outcome === TIMED_OUT) {
    controller.abort()
    logOriginFailure('origin_timeout', `no answer within ${timeoutMs} ms`)
    return fail('origin_timeout', `origin did not answer within ${timeoutMs} ms`)
  }
  return outcome
}

function logOriginFailure(reason: string, detail: string): void {
  console.error(JSON.stringify({ event: 'origin_error', reason, detail }))
}
