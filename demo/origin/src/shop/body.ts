// Request bodies as the shop reads them: a JSON object, or a form (the OAuth 2.0 dialect).
const MAX_BODY_BYTES = 64 * 1024

export type Fields = Record<string, unknown>

/** The body's fields, or null when it is not a JSON object / form. */
export async function readFields(request: Request): Promise<Fields | null> {
  // Decoded by hand: Body.text() warns on a form body (its Content-Type is not text).
  const text = new TextDecoder().decode(await request.arrayBuffer())
  if (text.length > MAX_BODY_BYTES) return null
  const type = request.headers.get('content-type') ?? ''
  if (type.startsWith('application/x-www-form-urlencoded')) return Object.fromEntries(new URLSearchParams(text))
  try {
    const value: unknown = JSON.parse(text)
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Fields) : null
  } catch {
    return null
  }
}

/** A non-empty string field, or undefined. */
export function stringField(fields: Fields, name: string): string | undefined {
  const value = fields[name]
  return typeof value === 'string' && value !== '' ? value : undefined
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/

export function isEmail(value: string): boolean {
  return value.length <= 254 && EMAIL.test(value)
}
