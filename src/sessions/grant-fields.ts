import type { Context } from 'hono'
import { findDuplicateKey } from '../auth/request-body'
import { fail } from '../errors'

const FORM = 'application/x-www-form-urlencoded'

/**
 * The fields of a token request, read only to see whether it is `grant_type=refresh_token`: a JSON
 * object or an `application/x-www-form-urlencoded` form (RFC 6749 §4.1.3, §6), or undefined when the
 * body is neither (the shop-dialect path then answers it as before). A form that repeats a
 * parameter is refused (RFC 6749 §3.1); so is a JSON object that repeats a key. The body stays
 * readable for the next handler (hono caches it).
 */
export async function readGrantFields(c: Context): Promise<Record<string, unknown> | undefined> {
  const type = (c.req.header('Content-Type') ?? '').split(';')[0]!.trim().toLowerCase()
  if (type !== FORM && type !== 'application/json') return undefined
  let text: string
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(await c.req.arrayBuffer())
  } catch {
    return undefined
  }
  if (type === FORM) return formFields(text)
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch {
    return undefined
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined
  const fields = value as Record<string, unknown>
  if (fields.grant_type === 'refresh_token' && findDuplicateKey(text) !== undefined) fail('duplicate_key', { detail: 'a key is repeated' })
  return fields
}

function formFields(text: string): Record<string, string> | undefined {
  const fields: Record<string, string> = {}
  for (const [name, value] of new URLSearchParams(text)) {
    if (Object.hasOwn(fields, name)) {
      // Only refresh requests are answered here; any other form keeps its old answer.
      if (new URLSearchParams(text).get('grant_type') === 'refresh_token') fail('duplicate_key', { detail: `form parameter ${name} repeated` })
      return undefined
    }
    fields[name] = value
  }
  return fields
}
