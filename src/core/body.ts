import type { Context, MiddlewareHandler } from 'hono'
import { bodyLimit } from 'hono/body-limit'
import { fail, type FailureReason } from './errors'
import { parseForm } from './form-body'

/** Auth request bodies are a few hundred bytes; anything past this is refused unread (413). */
export const MAX_BODY_BYTES = 16 * 1024

/** 413 for bodies over `maxSize` bytes, whether announced by Content-Length or streamed. */
export function limitBodyTo(maxSize: number): MiddlewareHandler {
  return bodyLimit({ maxSize, onError: () => fail('body_too_large', { detail: `body over ${maxSize} bytes` }) })
}

/** 413 for auth bodies over MAX_BODY_BYTES, whether announced by Content-Length or streamed. */
export const limitBody: MiddlewareHandler = limitBodyTo(MAX_BODY_BYTES)

/**
 * The request body as a JSON object, read and parsed once. Refused: a Content-Type other than
 * JSON (415; hono's validator would quietly read `{}`), a body that is not UTF-8,
 * not a JSON object, or repeats a key.
 */
export async function readJsonObject(c: Context): Promise<Record<string, unknown>> {
  if (mediaTypeOf(c.req.header('Content-Type')) !== 'json') fail('json_required')
  return parseObject(await readBodyText(c))
}

/**
 * An optional JSON object body: empty means `{}`; anything else must be a JSON object sent as
 * JSON (logout's `{"everywhere": true}`).
 */
export async function readOptionalJsonObject(c: Context): Promise<Record<string, unknown>> {
  const text = await readBodyText(c)
  if (text.trim() === '') return {}
  if (mediaTypeOf(c.req.header('Content-Type')) !== 'json') fail('json_required')
  return parseObject(text)
}

/**
 * The one body reader of requests that send fields (the token, revocation and introspection
 * endpoints, in either dialect): a JSON object (the shop's) or an `application/x-www-form-urlencoded` body (RFC 6749 §3.2; UTF-8 only, like
 * JSON). Any other media type is 415; a form that repeats a parameter or is badly encoded is 400
 * `invalid_request`. The size cap is the route's (`limitBody`).
 */
export async function readFields(c: Context): Promise<Record<string, unknown>> {
  switch (mediaTypeOf(c.req.header('Content-Type'))) {
    case 'json':
      return readJsonObject(c)
    case 'form': {
      const form = parseForm(await readBodyText(c, 'malformed_form'))
      if (!form.ok) fail(form.reason, { detail: `form body: ${form.reason}` })
      return form.value
    }
    default:
      return fail('unsupported_media_type', { detail: `Content-Type ${String(c.req.header('Content-Type')).slice(0, 60)}` })
  }
}

/**
 * The body as strict UTF-8 (RFC 8259 §8.1). A Content-Length that is not exactly the number of
 * bytes received is refused: at the edge the HTTP parser frames the body by it, but behind a proxy
 * or in a test a lying length can make two parsers disagree about where the body ends.
 */
export async function readBodyText(c: Context, notUtf8: FailureReason = 'invalid_json'): Promise<string> {
  const bytes = new Uint8Array(await c.req.arrayBuffer())
  const declared = c.req.header('Content-Length')
  if (declared !== undefined && (!/^[0-9]+$/.test(declared) || Number(declared) !== bytes.length)) {
    fail('length_mismatch', { detail: `Content-Length ${declared.slice(0, 20)} vs ${bytes.length} bytes` })
  }
  try {
    // ignoreBOM keeps a byte-order mark in the text, so JSON.parse refuses it (RFC 8259 §8.1: MUST NOT add one).
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes)
  } catch {
    fail(notUtf8, { detail: 'body is not UTF-8' })
  }
}

function parseObject(text: string): Record<string, unknown> {
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch {
    fail('invalid_json', { detail: 'malformed JSON' })
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) fail('invalid_json', { detail: 'JSON is not an object' })
  const duplicate = findDuplicateKey(text)
  if (duplicate !== undefined) fail('duplicate_key', { detail: 'a key is repeated' })
  return value as Record<string, unknown>
}

const MEDIA_TYPES = { 'application/json': 'json', 'application/x-www-form-urlencoded': 'form' } as const

/**
 * Which body an auth endpoint reads: `json` for application/json, `form` for
 * application/x-www-form-urlencoded (RFC 6749 §3.2), any case, each with at most a UTF-8 charset;
 * anything else `undefined`. RFC 8259 §8.1 requires UTF-8, and a body labelled utf-16 or latin1
 * would be read differently by a parser that honours the label. Pure.
 */
export function mediaTypeOf(contentType: string | null | undefined): 'json' | 'form' | undefined {
  const [type = '', ...params] = (contentType ?? '').split(';').map((part) => part.trim().toLowerCase())
  const known = Object.hasOwn(MEDIA_TYPES, type) ? MEDIA_TYPES[type as keyof typeof MEDIA_TYPES] : undefined
  const utf8 = params.every((param) => {
    const [name, value] = param.split('=').map((s) => s.trim())
    return name !== 'charset' || value === 'utf-8' || value === '"utf-8"'
  })
  return utf8 ? known : undefined
}

/**
 * The first key that appears twice in one object of a JSON text, compared after unescaping
 * (`"em\u0061il"` is `"email"`), or `undefined`. `JSON.parse` silently keeps the last duplicate;
 * another parser in the chain (a WAF, a logger, the shop) may keep the first, which is how
 * credentials get smuggled past a check. Auth bodies are tiny, so any duplicate is refused.
 * Pure; expects text that `JSON.parse` has already accepted. Iterative, so deep nesting is safe.
 */
export function findDuplicateKey(json: string): string | undefined {
  // One entry per open container: the keys seen so far for an object, null for an array.
  const open: (Set<string> | null)[] = []
  let expectKey = false
  for (let i = 0; i < json.length; i++) {
    const ch = json[i]
    if (ch === '{') {
      open.push(new Set())
      expectKey = true
    } else if (ch === '[') {
      open.push(null)
    } else if (ch === '}' || ch === ']') {
      open.pop()
    } else if (ch === ',') {
      expectKey = open.at(-1) instanceof Set
    } else if (ch === '"') {
      const end = endOfString(json, i)
      const keys = open.at(-1)
      if (expectKey && keys) {
        const key = JSON.parse(json.slice(i, end + 1)) as string
        if (keys.has(key)) return key
        keys.add(key)
        expectKey = false
      }
      i = end
    }
  }
  return undefined
}

// Index of the quote closing the string that opens at `start`, skipping escaped characters.
function endOfString(json: string, start: number): number {
  let i = start + 1
  while (json[i] !== '"') i += json[i] === '\\' ? 2 : 1
  return i
}
