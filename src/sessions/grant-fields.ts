import type { Context } from 'hono'
import { fail } from '../errors'

/**
 * The fields of an `application/x-www-form-urlencoded` token request that asks for
 * `grant_type=refresh_token` (RFC 6749 §6), or undefined for any other body (the JSON path then
 * reads it as before; hono keeps the body readable). A parameter sent twice is refused (RFC 6749
 * §3.1). JSON refresh requests go through the JSON reader of the token route like every other grant.
 */
export async function readRefreshForm(c: Context): Promise<Record<string, string> | undefined> {
  const type = (c.req.header('Content-Type') ?? '').split(';')[0]!.trim().toLowerCase()
  if (type !== 'application/x-www-form-urlencoded') return undefined
  let text: string
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(await c.req.arrayBuffer())
  } catch {
    return undefined
  }
  const params = new URLSearchParams(text)
  if (params.get('grant_type') !== 'refresh_token') return undefined
  const fields: Record<string, string> = {}
  for (const [name, value] of params) {
    if (Object.hasOwn(fields, name)) fail('duplicate_key', { detail: `form parameter ${name} repeated` })
    fields[name] = value
  }
  return fields
}
