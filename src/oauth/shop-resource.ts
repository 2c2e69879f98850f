import { type Config, PROTECTED_RESOURCE_PATH } from '../config'
import type { RequestContext } from '../context'
import { Lru, oncePer, withTimeout } from '../core'
import { originTarget } from '../proxy'

/** How long the shop's document is kept, and how long after a failed fetch gatehouse answers alone. */
export const SHOP_RESOURCE_KEEP_SECONDS = 300
export const SHOP_RESOURCE_RETRY_SECONDS = 60
// A discovery document is a few hundred bytes; a client waiting on discovery should not wait long.
const MAX_BYTES = 16 * 1024
const MAX_WAIT_MS = 3000

// Per Config (per isolate, and per test env) and per host the document was asked for: the shop
// is asked on the client's host, and a Worker on two hosts (workers.dev and the shop's own) may get
// two documents. A handful of hosts at most; the bound only guards against a flood of Host values.
const kept = oncePer((_config: Config) => new Lru<Record<string, unknown> | null>({ maxEntries: 16 }))

/**
 * The shop's own RFC 9728 document (`/.well-known/oauth-protected-resource` at the origin, asked on
 * the client's host), kept per host for
 * SHOP_RESOURCE_KEEP_SECONDS; null when the shop has none or cannot be asked (a 404, another
 * status, a timeout, an answer that is not a JSON object), which is kept for
 * SHOP_RESOURCE_RETRY_SECONDS so that a shop without one is not asked on every discovery.
 *
 * @example
 * const shop = await shopResourceMetadata(c.get('ctx'), new URL(c.req.url))
 */
export async function shopResourceMetadata(ctx: RequestContext, requestUrl: URL): Promise<Record<string, unknown> | null> {
  const documents = kept(ctx.config)
  const known = documents.get(requestUrl.origin, ctx.now)
  if (known !== undefined) return known
  const document = await fetchDocument(ctx, requestUrl)
  documents.set(requestUrl.origin, document, ctx.now, ctx.now + (document ? SHOP_RESOURCE_KEEP_SECONDS : SHOP_RESOURCE_RETRY_SECONDS))
  if (!document) ctx.log({ event: 'shop_resource_metadata_unavailable' })
  return document
}

async function fetchDocument(ctx: RequestContext, requestUrl: URL): Promise<Record<string, unknown> | null> {
  const controller = new AbortController()
  try {
    const target = originTarget(ctx.env, ctx.config, PROTECTED_RESOURCE_PATH, new URL(requestUrl.origin))
    const request = new Request(target.url, {
      headers: { Accept: 'application/json', 'X-Request-Id': ctx.requestId },
      redirect: 'manual',
      signal: controller.signal,
    })
    const response = await withTimeout(target.fetcher.fetch(request), Math.min(ctx.config.origin.timeoutMs, MAX_WAIT_MS), 'shop resource metadata', controller)
    if (response.status !== 200) {
      await response.body?.cancel()
      return null
    }
    const text = await withTimeout(response.text(), MAX_WAIT_MS, 'shop resource metadata body', controller)
    if (text.length > MAX_BYTES) return null
    const value: unknown = JSON.parse(text)
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : null
  } catch {
    return null
  }
}
