import type { Context, MiddlewareHandler } from 'hono'
import { resourceMetadataUrl } from '../config'
import type { GatehouseEnv } from '../context'
import { ConfigError, errorResponse, GatehouseError, logEvent, type EventFields } from '../core'

// Without a valid Config (the misconfigured answer itself) the challenge goes without the URL.
function resourceMetadataOf(c: Context<GatehouseEnv>): string | undefined {
  try {
    const ctx = c.get('ctx')
    return ctx ? resourceMetadataUrl(ctx.config) : undefined
  } catch {
    return undefined
  }
}

/** `app.onError`: the one place that turns thrown errors into responses. */
export function onError(err: Error, c: Context<GatehouseEnv>): Response {
  const requestId = requestIdOf(c)
  // The error answer replaces the response the middleware decorated, so the id is set again here.
  const idHeader: Record<string, string> = requestId ? { 'X-Request-Id': requestId } : {}
  // Through the request's logger when there is one: it stamps the id and feeds the event sink.
  const ctx: { log: (fields: EventFields) => void } | undefined = c.get('ctx')
  const log = ctx ? ctx.log : (fields: EventFields) => logEvent({ ...fields, requestId })
  if (err instanceof GatehouseError) {
    if (err.event) log(err.event)
    return errorResponse(err.reason, { ...err.headers, ...idHeader }, { resourceMetadata: resourceMetadataOf(c), describe: c.get('oauth') === true })
  }
  if (err instanceof ConfigError) {
    // What to fix goes to the operator's log only: on the wire it could tell an attacker that, say,
    // the shop still runs on the public demo secret.
    log({ event: 'config_error', message: err.message })
    return errorResponse('misconfigured', idHeader, { describe: c.get('oauth') === true })
  }
  console.error(JSON.stringify({ event: 'unhandled_error', requestId, path: new URL(c.req.url).pathname, error: String(err?.stack ?? err) }))
  return errorResponse('internal', idHeader, { describe: c.get('oauth') === true })
}

// Set by hono's requestId middleware (src/index.ts).
function requestIdOf(c: Context): string | undefined {
  const id: unknown = c.get('requestId')
  return typeof id === 'string' ? id : undefined
}

/**
 * Catches what `onError` never sees: hono hands only `Error` instances to it and lets any other
 * thrown value (a string, an object from a broken binding) escape to the runtime, whose error page
 * may show it. Such values are wrapped and answered by `onError` like any unexpected error.
 *
 * @example
 * app.use('*', catchThrownValues)
 */
export const catchThrownValues: MiddlewareHandler = async (c, next) => {
  try {
    await next()
  } catch (thrown) {
    const err = thrown instanceof Error ? thrown : new Error(`non-Error thrown: ${String(thrown)}`)
    c.error = err
    c.res = onError(err, c)
  }
}
