import { type Principal, type Env, TimeoutError, withTimeout, fail } from '../core'
import type { Config } from '../config'
import { hasHopByHop, withoutHopByHop } from './hop-by-hop'
import { originTarget, type OriginTarget } from './origin-target'
import { originRequestHeaders } from './request-headers'

export interface ForwardOptions {
  /** The client's request; its body is streamed to the origin, unless `body` is given. */
  request: Request
  /** Bytes the gateway already read and parsed from the request (write-through): sent exactly. */
  body?: ArrayBuffer
  /** The canonical path the policy matched (e.g. `/api/rest/v2/products/1`); the query is the client's. */
  canonicalPath: string
  /** The verified caller, if any: becomes the `X-Gatehouse-*` identity headers. */
  principal: Principal | undefined
  /** The verified credential, sent as `Authorization` (the access cookie becomes a Bearer here). */
  authorization?: string | undefined
  /** The gateway's request id, sent to the shop as X-Request-Id. */
  requestId?: string
  /** `request.url` already parsed by the caller, so it is not parsed twice. */
  url?: URL
  /**
   * For the edge cache: `null` drops the client's `If-None-Match` / `If-Modified-Since` (it wants a
   * whole answer to keep), a string replaces them with that `If-None-Match`; absent, they pass.
   */
  ifNoneMatch?: string | null
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
export async function forwardToOrigin({
  request,
  body,
  canonicalPath,
  principal,
  authorization,
  requestId,
  url,
  ifNoneMatch,
  env,
  config,
}: ForwardOptions): Promise<Response> {
  const requestUrl = url ?? new URL(request.url)
  const target = originTarget(env, config, canonicalPath, requestUrl)
  const headers = originRequestHeaders(request.headers, { url: requestUrl, principal, authorization, requestId, demoHooks: config.origin.demoHooks })
  const bodyless = BODYLESS.has(request.method)
  // Its framing goes with the body we drop, so the origin never waits for bytes that will not come.
  if (bodyless) headers.delete('Content-Length')
  if (ifNoneMatch !== undefined) {
    headers.delete('If-None-Match')
    headers.delete('If-Modified-Since')
    if (ifNoneMatch !== null) headers.set('If-None-Match', ifNoneMatch)
  }
  const controller = new AbortController()
  const init: RequestInit = {
    method: request.method,
    headers,
    body: bodyless ? null : (body ?? request.body),
    // A 3xx from the shop is the client's to follow, not ours (and never to a host we did not vet).
    redirect: 'manual',
    signal: controller.signal,
  }
  const response = await fetchWithTimeout(target.fetcher, new Request(target.url, init), controller, config.origin.timeoutMs, requestId)
  // Always a new Response: a fetched one has immutable headers, and the gateway and the CORS
  // middleware add theirs. When nothing is hop-by-hop the runtime copies the headers natively.
  return new Response(response.body, {
    status: response.status,
    statusText: response.statusText,
    headers: hasHopByHop(response.headers) ? withoutHopByHop(response.headers) : response.headers,
  })
}

// A GET or HEAD may arrive with a body off the wire (HTTP/1.1 does not forbid one), but the Fetch
// API refuses to build such a request: forwarding it threw and answered 500. RFC 9110 §9.3.1 gives
// that body no meaning, so it is dropped rather than passed to a shop that might read it.
const BODYLESS: ReadonlySet<string> = new Set(['GET', 'HEAD'])

// The timeout covers the wait for the response head only: once the origin answers, its body streams
// for as long as it takes.
async function fetchWithTimeout(
  fetcher: OriginTarget['fetcher'],
  request: Request,
  controller: AbortController,
  timeoutMs: number,
  requestId: string | undefined,
): Promise<Response> {
  try {
    return await withTimeout(fetcher.fetch(request), timeoutMs, 'origin', controller)
  } catch (err) {
    if (err instanceof TimeoutError) {
      logOriginFailure('origin_timeout', `no answer within ${timeoutMs} ms`, requestId)
      return fail('origin_timeout', { detail: `origin did not answer within ${timeoutMs} ms` })
    }
    logOriginFailure('origin_unreachable', String(err), requestId)
    return fail('origin_unreachable', { detail: String(err) })
  }
}

function logOriginFailure(reason: string, detail: string, requestId: string | undefined): void {
  console.error(JSON.stringify({ event: 'origin_error', requestId, reason, detail }))
}
