// The token endpoint's shop-error table, shared by test/auth-token-errors.test.ts and
// test/auth-logs.test.ts (which checks none leaks into a log).
import { uniqueEmail } from '../helpers/accounts'
import { ANSWERS, oauthError } from '../helpers/answers'

export const TOO_LARGE = ANSWERS.tooLarge
export interface Row {
  name: string
  body: string
  contentType?: string | null
  status: number
  expected: unknown
}

export const json = (value: unknown) => JSON.stringify(value)
export const email = () => uniqueEmail('errors')

// Wrong JSON types for every field of every grant are in test/hostile/bodies.ts.
// The token endpoint is an OAuth 2.0 endpoint too: every error below also carries error_description.
export const tokenErrorRows: Row[] = [
  { name: 'no Content-Type', body: json({ email: 'a@example.com', password: 'x' }), contentType: null, status: 415, expected: ANSWERS.notJsonOrForm },
  {
    name: 'text/plain carrying JSON',
    body: json({ email: 'a@example.com', password: 'x' }),
    contentType: 'text/plain',
    status: 415,
    expected: ANSWERS.notJsonOrForm,
  },
  { name: 'malformed JSON', body: '{"email": "a@example.com",', status: 400, expected: ANSWERS.notJson },
  { name: 'empty body', body: '', status: 400, expected: ANSWERS.notJson },
  { name: 'JSON array', body: json([{ email: 'a@example.com', password: 'x' }]), status: 400, expected: ANSWERS.notJson },
  { name: 'JSON string', body: json('hello'), status: 400, expected: ANSWERS.notJson },
  { name: 'JSON null', body: 'null', status: 400, expected: ANSWERS.notJson },
  {
    name: 'unknown grant_type',
    body: json({ grant_type: 'authorization_code', email: 'a@example.com', password: 'x' }),
    status: 400,
    expected: ANSWERS.badGrant,
  },
  { name: 'empty grant_type', body: json({ grant_type: '', email: 'a@example.com', password: 'x' }), status: 400, expected: ANSWERS.badGrant },
  { name: 'numeric grant_type', body: json({ grant_type: 1 }), status: 400, expected: ANSWERS.badGrant },
  { name: 'null grant_type', body: json({ grant_type: null }), status: 400, expected: ANSWERS.badGrant },
  { name: 'customer without fields', body: json({}), status: 400, expected: ANSWERS.missingCustomer },
  { name: 'customer without password', body: json({ email: 'a@example.com' }), status: 400, expected: ANSWERS.missingCustomer },
  { name: 'customer with empty password', body: json({ email: 'a@example.com', password: '' }), status: 400, expected: ANSWERS.missingCustomer },
  { name: 'customer with blank email', body: json({ email: '   ', password: 'x' }), status: 400, expected: ANSWERS.missingCustomer },
  { name: 'email without @', body: json({ email: 'not-an-email', password: 'x' }), status: 400, expected: ANSWERS.badEmail },
  { name: 'email with a NUL', body: json({ email: 'a\u0000@example.com', password: 'x' }), status: 400, expected: ANSWERS.badEmail },
  { name: 'email over 254 characters', body: json({ email: `${'a'.repeat(250)}@example.com`, password: 'x' }), status: 400, expected: ANSWERS.badEmail },
  {
    name: 'client_credentials without secret',
    body: json({ grant_type: 'client_credentials', client_id: 'maho_1' }),
    status: 400,
    expected: ANSWERS.missingClient,
  },
  { name: 'api_user without api_key', body: json({ grant_type: 'api_user', username: 'admin' }), status: 400, expected: ANSWERS.missingApiUser },
  {
    name: 'api_user with email instead of username',
    body: json({ grant_type: 'api_user', email: 'a@example.com', api_key: 'k' }),
    status: 400,
    expected: ANSWERS.missingApiUser,
  },
  { name: 'body over 16 KiB', body: json({ email: 'a@example.com', password: 'x'.repeat(17 * 1024) }), status: 413, expected: TOO_LARGE },
].map((row) => ({ ...row, expected: oauthError(row.expected as { message: string }) }))
