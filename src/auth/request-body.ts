import type { Context, MiddlewareHandler } from 'hono'
import { bodyLimit } from 'hono/body-limit'
import { fail } from '../errors'
import { findDuplicateKey } from './duplicate-keys'

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
  // c.req caches the body, so the validator after this reads the same bytes.
  parseObject(await readBodyText(c))
  await next()
}

/**
 * An optional JSON object body: empty means `{}`; anything else must be a JSON object sent as
 * JSON (logout's `{"everywhere": true}`).
 */
export async function readOptionalJsonObject(c: Context): Promise<Record<string, unknown>> {
  const text = await readBodyText(c)
  if (text.trim() === '') return {}
  if (!isJson(c.req.header('Content-Type'))) fail('unsupported_media_type')
  return parseObject(text)
}

/**
 * The body as strict UTF-8 (RFC 8259 §8.1). A Content-Length that is not exactly the number of
 * bytes received is refused: at the edge the HTTP parser frames the body by it, but behind a proxy
 * or in a test a lying length can make two parsers disagree about where the body ends.
 */
async function readBodyText(c: Context): Promise<string> {
  const bytes = new Uint8Array(await c.req.arrayBuffer())
  const declared = c.req.header('Content-Length')
  if (declared !== undefined && (!/^[0-9]+$/.test(declared) || Number(declared) !== bytes.length)) {
    fail('length_mismatch', `Content-Length ${declared.slice(0, 20)} vs ${bytes.length} bytes`)
  }
  try {
    // ignoreBOM keeps a byte-order mark in the text, so JSON.parse refuses it (RFC 8259 §8.1: MUST NOT add one).
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes)
  } catch {
    fail('invalid_json', 'body is not UTF-8')
  }
}

function parseObject(text: string): Record<string, unknown> {
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch {
    fail('invalid_json', 'malformed JSON')
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) fail('invalid_json', 'JSON is not an object')
  const duplicate = findDuplicateKey(text)
  if (duplicate !== undefined) fail('duplicate_key', 'a key is repeated')
  return value as Record<string, unknown>
}

// application/json, any case, with at most a UTF-8 charset: RFC 8259 §8.1 requires UTF-8, and a
// body labelled utf-16 or latin1 would be read differently by a parser that honours the label.
function isJson(contentType: string | null | undefined): boolean {
  const [type, ...params] = (contentType ?? '').split(';').map((part) => part.trim().toLowerCase())
  if (type !== 'application/json') return false
  return params.every((param) => {
    const [name, value] = param.split('=').map((s) => s.trim())
    return name !== 'charset' || value === 'utf-8' || value === '"utf-8"'
  })
}
