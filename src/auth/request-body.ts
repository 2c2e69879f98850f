import type { MiddlewareHandler } from 'hono'
import { bodyLimit } from 'hono/body-limit'
import { fail } from '../errors'

/** Auth request bodies are a few hundred bytes; anything past this is refused unread (413). */
export const MAX_BODY_BYTES = 16 * 1024

/** 413 for bodies over the cap, whether announced by Content-Length or streamed. */
export const limitBody: MiddlewareHandler = bodyLimit({
  maxSize: MAX_BODY_BYTES,
  onError: () => fail('body_too_large', `body over ${MAX_BODY_BYTES} bytes`),
})

/**
 * Requires a JSON object body. hono's validator quietly treats a wrong Content-Type as `{}`;
 * the shop answers 400, so this runs first.
 */
export const requireJsonObject: MiddlewareHandler = async (c, next) => {
  if (!isJson(c.req.header('Content-Type'))) fail('unsupported_media_type')
  // c.req caches the body, so the validator after this reads the same parse.
  parseObject(await c.req.text())
  await next()
}

/**
 * An optional JSON object body: empty means `{}`; anything else must be a JSON object sent as
 * JSON (logout's `{"everywhere": true}`).
 */
export function parseOptionalJsonObject(text: string, contentType: string | undefined): Record<string, unknown> {
  if (text.trim() === '') return {}
  if (!isJson(contentType)) fail('unsupported_media_type')
  return parseObject(text)
}

function parseObject(text: string): Record<string, unknown> {
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch {
    fail('invalid_json', 'malformed JSON')
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) fail('invalid_json', 'JSON is not an object')
  return value as Record<string, unknown>
}

function isJson(contentType: string | null | undefined): boolean {
  return (contentType ?? '').split(';')[0]!.trim().toLowerCase() === 'application/json'
}
