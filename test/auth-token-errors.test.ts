import { describe, expect, it } from 'vitest'
import { uniqueEmail } from './helpers/accounts'
import { call } from './helpers/http'

const body = (error: string, message: string, code: number) => ({ error, message, code })
const MISSING_CUSTOMER = body('invalid_request', 'Email and password are required', 400)
const MISSING_CLIENT = body('invalid_request', 'client_id and client_secret are required', 400)
const MISSING_API_USER = body('invalid_request', 'username and api_key are required', 400)
const BAD_EMAIL = body('invalid_request', 'Invalid email address', 400)
const BAD_GRANT = body('unsupported_grant_type', 'Unsupported grant type', 400)
const NOT_JSON = body('bad_request', 'Request body must be a JSON object', 400)
const WRONG_TYPE = body('bad_request', 'Content-Type must be application/json', 400)
const TOO_LARGE = body('payload_too_large', 'Request body is too large', 413)

interface Row {
  name: string
  body: string
  contentType?: string | null
  status: number
  expected: unknown
}

const json = (value: unknown) => JSON.stringify(value)
const email = () => uniqueEmail('errors')

const rows: Row[] = [
  { name: 'no Content-Type', body: json({ email: 'a@example.com', password: 'x' }), contentType: null, status: 400, expected: WRONG_TYPE },
  { name: 'form Content-Type', body: 'email=a%40example.com&password=x', contentType: 'application/x-www-form-urlencoded', status: 400, expected: WRONG_TYPE },
  { name: 'text/plain carrying JSON', body: json({ email: 'a@example.com', password: 'x' }), contentType: 'text/plain', status: 400, expected: WRONG_TYPE },
  { name: 'malformed JSON', body: '{"email": "a@example.com",', status: 400, expected: NOT_JSON },
  { name: 'empty body', body: '', status: 400, expected: NOT_JSON },
  { name: 'JSON array', body: json([{ email: 'a@example.com', password: 'x' }]), status: 400, expected: NOT_JSON },
  { name: 'JSON string', body: json('hello'), status: 400, expected: NOT_JSON },
  { name: 'JSON null', body: 'null', status: 400, expected: NOT_JSON },
  { name: 'unknown grant_type', body: json({ grant_type: 'password', email: 'a@example.com', password: 'x' }), status: 400, expected: BAD_GRANT },
  { name: 'empty grant_type', body: json({ grant_type: '', email: 'a@example.com', password: 'x' }), status: 400, expected: BAD_GRANT },
  { name: 'numeric grant_type', body: json({ grant_type: 1 }), status: 400, expected: BAD_GRANT },
  { name: 'null grant_type', body: json({ grant_type: null }), status: 400, expected: BAD_GRANT },
  { name: 'customer without fields', body: json({}), status: 400, expected: MISSING_CUSTOMER },
  { name: 'customer without password', body: json({ email: 'a@example.com' }), status: 400, expected: MISSING_CUSTOMER },
  { name: 'customer with empty password', body: json({ email: 'a@example.com', password: '' }), status: 400, expected: MISSING_CUSTOMER },
  { name: 'customer with blank email', body: json({ email: '   ', password: 'x' }), status: 400, expected: MISSING_CUSTOMER },
  { name: 'customer with numeric password', body: json({ email: 'a@example.com', password: 123456 }), status: 400, expected: MISSING_CUSTOMER },
  { name: 'customer with array email', body: json({ email: ['a@example.com'], password: 'x' }), status: 400, expected: MISSING_CUSTOMER },
  { name: 'customer with object password', body: json({ email: 'a@example.com', password: { $ne: '' } }), status: 400, expected: MISSING_CUSTOMER },
  { name: 'email without @', body: json({ email: 'not-an-email', password: 'x' }), status: 400, expected: BAD_EMAIL },
  { name: 'email with a NUL', body: json({ email: 'a\u0000@example.com', password: 'x' }), status: 400, expected: BAD_EMAIL },
  { name: 'email over 254 characters', body: json({ email: `${'a'.repeat(250)}@example.com`, password: 'x' }), status: 400, expected: BAD_EMAIL },
  { name: 'client_credentials without secret', body: json({ grant_type: 'client_credentials', client_id: 'maho_1' }), status: 400, expected: MISSING_CLIENT },
  { name: 'client_credentials with numeric id', body: json({ grant_type: 'client_credentials', client_id: 1, client_secret: 'x' }), status: 400, expected: MISSING_CLIENT },
  { name: 'api_user without api_key', body: json({ grant_type: 'api_user', username: 'admin' }), status: 400, expected: MISSING_API_USER },
  { name: 'api_user with email instead of username', body: json({ grant_type: 'api_user', email: 'a@example.com', api_key: 'k' }), status: 400, expected: MISSING_API_USER },
  { name: 'body over 16 KiB', body: json({ email: 'a@example.com', password: 'x'.repeat(17 * 1024) }), status: 413, expected: TOO_LARGE },
]

describe('POST /auth/token refuses bad requests exactly as the shop does', () => {
  it.each(rows)('$name → $status', async (row) => {
    const headers = new Headers()
    if (row.contentType !== null) headers.set('Content-Type', row.contentType ?? 'application/json')
    const res = await call('/auth/token', { method: 'POST', headers, body: row.body })
    expect(res.status).toBe(row.status)
    expect(res.headers.get('Cache-Control')).toBe('no-store')
    expect(await res.json()).toEqual(row.expected)
  })

  it('refuses a streamed body over 16 KiB (no Content-Length) with 413', async () => {
    const chunk = new TextEncoder().encode('x'.repeat(4096))
    let sent = 0
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent++ < 5) controller.enqueue(chunk)
        else controller.close()
      },
    })
    const res = await call('/auth/token', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: stream })
    expect(res.status).toBe(413)
    expect(await res.json()).toEqual(TOO_LARGE)
  })

  it('accepts a JSON Content-Type with a charset parameter', async () => {
    const res = await call('/auth/token', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json; charset=utf-8' },
      body: json({ email: email(), password: 'password123' }),
    })
    expect(res.status).toBe(401)
    expect(await res.json()).toEqual(body('invalid_credentials', 'Invalid email or password', 401))
  })

  it.each(['GET', 'PUT', 'DELETE'])('answers %s on /auth/token with 405 and Allow: POST', async (method) => {
    const res = await call('/auth/token', { method })
    expect(res.status).toBe(405)
    expect(res.headers.get('Allow')).toBe('POST')
    expect(await res.json()).toEqual(body('method_not_allowed', 'Method not allowed', 405))
  })
})
