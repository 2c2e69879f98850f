// Hostile token-request and logout bodies, beyond the shop-error table in
// test/auth-token-errors.test.ts (which this does not repeat).
import { expect } from 'vitest'
import { createCustomer, uniqueEmail } from '../helpers/accounts'
import { customerClaims, mint } from '../helpers/tokens'
import { ANSWERS, authPost, type HostileCase } from './case'
import { oauthError } from '../helpers/answers'

const WRONG_TYPES: [string, unknown][] = [
  ['number', 42],
  ['array', ['x']],
  ['object', { $ne: null }],
  ['null', null],
  ['boolean', true],
]

// Every field of every grant, each in every wrong JSON type, next to valid-looking other fields.
const GRANT_FIELDS = [
  { grant: undefined, fields: { email: 'someone@example.com', password: 'password123' }, missing: ANSWERS.missingCustomer },
  { grant: undefined, fields: { username: 'someone@example.com', password: 'password123' }, missing: ANSWERS.missingCustomer },
  {
    grant: 'client_credentials',
    fields: { client_id: 'maho_00000000000000000000000000000001', client_secret: 'demo-admin-secret' },
    missing: ANSWERS.missingClient,
  },
  { grant: 'api_user', fields: { username: 'admin', api_key: 'demo-admin-key' }, missing: ANSWERS.missingApiUser },
] as const

const wrongTypeCases: HostileCase[] = GRANT_FIELDS.flatMap(({ grant, fields, missing }) =>
  Object.keys(fields).flatMap((field) =>
    WRONG_TYPES.map(
      ([type, value]): HostileCase => ({
        name: `${grant ?? 'customer'} grant with ${type} ${field}`,
        request: () => authPost('token', { body: { ...(grant ? { grant_type: grant } : {}), ...fields, [field]: value } }),
        status: 400,
        body: oauthError(missing),
      }),
    ),
  ),
)

const grantTypeCases: HostileCase[] = WRONG_TYPES.filter(([type]) => !['number', 'null'].includes(type)).map(([type, value]) => ({
  name: `grant_type as ${type}`,
  request: () => authPost('token', { body: { grant_type: value, email: 'a@example.com', password: 'x' } }),
  status: 400,
  body: oauthError(ANSWERS.badGrant),
}))

// The token endpoint is an OAuth 2.0 endpoint too: its errors carry error_description.
const token = (name: string, body: unknown, status: number, expected: { message: string }, contentType?: string | null): HostileCase => ({
  name,
  request: () => authPost('token', { body, ...(contentType === undefined ? {} : { contentType }) }),
  status,
  body: oauthError(expected),
})

/** A login of a fresh customer (password123) with the email transformed. */
const loginAs = (name: string, email: (real: string) => string, status: number, expected: unknown): HostileCase => ({
  name,
  request: async () => authPost('token', { body: { email: email((await createCustomer()).email), password: 'password123' } }),
  status,
  body: status >= 400 ? oauthError(expected as { message: string }) : expected,
})

const LOGGED_IN = {
  token: expect.any(String),
  tokenType: 'Bearer',
  expiresIn: 3600,
  access_token: expect.any(String),
  token_type: 'Bearer',
  expires_in: 3600,
  refreshToken: expect.stringMatching(/^ghr_/),
  refresh_token: expect.stringMatching(/^ghr_/),
  customer: expect.objectContaining({ firstName: 'Test' }),
}
const good = () => JSON.stringify({ email: uniqueEmail('cl'), password: 'password123' })
const nest = (depth: number) => `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`

const shapeCases: HostileCase[] = [
  token('credentials nested one level down', { customer: { email: 'customer@example.com', password: 'password123' } }, 400, ANSWERS.missingCustomer),
  token('body is a number', '42', 400, ANSWERS.notJson),
  token('body is true', 'true', 400, ANSWERS.notJson),
  token('body is an empty array', '[]', 400, ANSWERS.notJson),
  token('body is an array of credential objects', [{ email: 'customer@example.com', password: 'password123' }, {}], 400, ANSWERS.notJson),
  token('2,000 nested objects', nest(2000), 400, ANSWERS.missingCustomer),
  token('5,000 nested arrays', `{"email":${'['.repeat(5000)}${']'.repeat(5000)},"password":"x"}`, 400, ANSWERS.missingCustomer),
  token('a byte-order mark before the JSON', '\uFEFF{"email":"a@example.com","password":"x"}', 400, ANSWERS.notJson),
  {
    name: 'invalid UTF-8 inside the password',
    request: () =>
      authPost('token', {
        body: new Uint8Array([...new TextEncoder().encode('{"email":"a@example.com","password":"'), 0xff, 0xfe, ...new TextEncoder().encode('"}')]),
      }),
    status: 400,
    body: oauthError(ANSWERS.notJson),
  },
  token('JSON with a trailing comma', '{"email":"a@example.com","password":"x",}', 400, ANSWERS.notJson),
  token('JSON with comments', '{"email":"a@example.com", /* */ "password":"x"}', 400, ANSWERS.notJson),
  token('__proto__ smuggling a password', '{"email":"customer@example.com","__proto__":{"password":"password123"}}', 400, ANSWERS.missingCustomer),
]

const duplicateCases: HostileCase[] = [
  token(
    'duplicate email (first unknown, last real)',
    '{"email":"nobody@example.com","email":"customer@example.com","password":"password123"}',
    400,
    ANSWERS.duplicateKey,
  ),
  token('duplicate password', '{"email":"customer@example.com","password":"wrong","password":"password123"}', 400, ANSWERS.duplicateKey),
  token('duplicate grant_type', '{"grant_type":"customer","grant_type":"api_user","username":"admin","api_key":"demo-admin-key"}', 400, ANSWERS.duplicateKey),
  token(
    'duplicate key spelled with a unicode escape',
    '{"email":"customer@example.com","passw\\u006frd":"x","password":"password123"}',
    400,
    ANSWERS.duplicateKey,
  ),
  token(
    'duplicate client_secret',
    '{"grant_type":"client_credentials","client_id":"maho_1","client_secret":"a","client_secret":"b"}',
    400,
    ANSWERS.duplicateKey,
  ),
  token('duplicate key in a nested object', '{"email":"a@example.com","password":"x","meta":{"k":1,"k":2}}', 400, ANSWERS.duplicateKey),
  token('same key in sibling objects is fine', '{"email":"nobody-sib@example.com","password":"x","a":{"k":1},"b":{"k":2}}', 401, ANSWERS.invalidCredentials),
  token('a key equal to a string value is fine', '{"email":"nobody-val@example.com","password":"email"}', 401, ANSWERS.invalidCredentials),
  {
    name: 'logout body with a duplicate everywhere',
    request: async () => authPost('logout', { token: await mint(customerClaims()), body: '{"everywhere":false,"everywhere":true}' }),
    status: 400,
    body: ANSWERS.duplicateKey,
  },
]

const longStringCases: HostileCase[] = [
  token('10 KiB password (under the body cap)', { email: 'nobody-long@example.com', password: 'p'.repeat(10 * 1024) }, 401, ANSWERS.invalidCredentials),
  token('10 KiB email', { email: `${'a'.repeat(10 * 1024)}@example.com`, password: 'x' }, 400, ANSWERS.badEmail),
  token('10 KiB client_id', { grant_type: 'client_credentials', client_id: 'c'.repeat(10 * 1024), client_secret: 'x' }, 401, ANSWERS.invalidClient),
  token('15 KiB username', { grant_type: 'api_user', username: 'u'.repeat(15 * 1024), api_key: 'x' }, 401, ANSWERS.invalidClient),
  token('10 KiB grant_type', { grant_type: 'g'.repeat(10 * 1024) }, 400, ANSWERS.badGrant),
  token('17 KiB of whitespace around valid JSON', `${' '.repeat(17 * 1024)}{"email":"a@example.com","password":"x"}`, 413, ANSWERS.tooLarge),
  token('a 1 MiB password', { email: 'a@example.com', password: 'p'.repeat(1024 * 1024) }, 413, ANSWERS.tooLarge),
]

const emailCases: HostileCase[] = [
  token('email with CR LF', { email: 'customer@example.com\r\nBcc: x@evil.example', password: 'password123' }, 400, ANSWERS.badEmail),
  token('email with a fullwidth @', { email: 'customer\uFF20example.com', password: 'password123' }, 400, ANSWERS.badEmail),
  token('email with a right-to-left override', { email: '\u202Emoc.elpmaxe@remotsuc', password: 'password123' }, 400, ANSWERS.badEmail),
  token('email with a Cyrillic o (homoglyph)', { email: 'cust\u043Emer@example.com', password: 'password123' }, 400, ANSWERS.badEmail),
  token('email with a homoglyph in the domain', { email: 'customer@ex\u0430mple.com', password: 'password123' }, 400, ANSWERS.badEmail),
  token('email with a zero-width space', { email: 'custo\u200Bmer@example.com', password: 'password123' }, 400, ANSWERS.badEmail),
  token('email with a trailing dot', { email: 'customer@example.com.', password: 'password123' }, 400, ANSWERS.badEmail),
  token('email with a trailing NUL', { email: 'customer@example.com\u0000', password: 'password123' }, 400, ANSWERS.badEmail),
  token('email with a tab inside', { email: 'customer@exa\tmple.com', password: 'password123' }, 400, ANSWERS.badEmail),
  token('quoted local part', { email: '"customer"@example.com', password: 'password123' }, 400, ANSWERS.badEmail),
  token('IP-literal domain', { email: 'customer@[127.0.0.1]', password: 'password123' }, 400, ANSWERS.badEmail),
  token('two @', { email: 'customer@evil.example@example.com', password: 'password123' }, 400, ANSWERS.badEmail),
  token('SQL in the email', { email: "' OR 1=1 --@example.com", password: 'password123' }, 400, ANSWERS.badEmail),
  token('SQL % wildcard email', { email: '%@example.com', password: 'password123' }, 400, ANSWERS.badEmail),
  token('SQL _ wildcard email matches nobody (no LIKE)', { email: '_ustomer@example.com', password: 'password123' }, 401, ANSWERS.invalidCredentials),
  loginAs('leading and trailing spaces are trimmed', (email) => `  ${email}  `, 200, LOGGED_IN),
  loginAs('upper case matches (the shop compares case-insensitively)', (email) => email.toUpperCase(), 200, LOGGED_IN),
  loginAs('a NUL after a real email', (email) => `${email}\u0000`, 400, ANSWERS.badEmail),
  loginAs('a newline after a real email', (email) => `${email}\n`, 200, LOGGED_IN),
]

const contentTypeCases: HostileCase[] = [
  token('application/json; charset=utf-16', { email: 'a@example.com', password: 'x' }, 415, ANSWERS.notJsonOrForm, 'application/json; charset=utf-16'),
  token('application/json; charset=latin1', { email: 'a@example.com', password: 'x' }, 415, ANSWERS.notJsonOrForm, 'application/json; charset=latin1'),
  token(
    'multipart/form-data',
    '--b\r\nContent-Disposition: form-data; name="email"\r\n\r\na@example.com\r\n--b--',
    415,
    ANSWERS.notJsonOrForm,
    'multipart/form-data; boundary=b',
  ),
  token('application/json-patch+json', { email: 'a@example.com', password: 'x' }, 415, ANSWERS.notJsonOrForm, 'application/json-patch+json'),
  token('application/jsonp', { email: 'a@example.com', password: 'x' }, 415, ANSWERS.notJsonOrForm, 'application/jsonp'),
  token('two media types in one header', { email: 'a@example.com', password: 'x' }, 415, ANSWERS.notJsonOrForm, 'application/json, text/plain'),
  token(
    'APPLICATION/JSON in upper case is accepted',
    { email: 'nobody-upper@example.com', password: 'x' },
    401,
    ANSWERS.invalidCredentials,
    'APPLICATION/JSON',
  ),
  token(
    'charset="UTF-8" quoted is accepted',
    { email: 'nobody-quoted@example.com', password: 'x' },
    401,
    ANSWERS.invalidCredentials,
    'application/json; charset="UTF-8"',
  ),
  {
    name: 'logout with a text/plain JSON body',
    request: async () => authPost('logout', { token: await mint(customerClaims()), body: { everywhere: true }, contentType: 'text/plain' }),
    status: 415,
    body: ANSWERS.wrongType,
  },
]

// workerd hands the test's Content-Length through unchanged while sending the whole body.
const withLength = (name: string, length: (body: string) => string, status: number, expected: { message: string }): HostileCase => ({
  name,
  request: () => {
    const body = good()
    return authPost('token', { body, headers: { 'Content-Length': length(body) } })
  },
  status,
  body: oauthError(expected),
})

const lengthCases: HostileCase[] = [
  withLength('Content-Length shorter than the body', () => '5', 400, ANSWERS.lengthMismatch),
  withLength('Content-Length longer than the body', (b) => String(b.length + 10), 400, ANSWERS.lengthMismatch),
  withLength('Content-Length zero with a body', () => '0', 400, ANSWERS.lengthMismatch),
  withLength('non-numeric Content-Length', () => 'abc', 400, ANSWERS.lengthMismatch),
  withLength('negative Content-Length', () => '-1', 400, ANSWERS.lengthMismatch),
  withLength('Content-Length with a plus sign', (b) => `+${b.length}`, 400, ANSWERS.lengthMismatch),
  withLength('Content-Length over the cap', () => '100000', 413, ANSWERS.tooLarge),
  {
    name: 'logout with a Content-Length shorter than its body',
    request: async () => authPost('logout', { token: await mint(customerClaims()), body: '{"everywhere":true}', headers: { 'Content-Length': '2' } }),
    status: 400,
    body: ANSWERS.lengthMismatch,
  },
]

export const bodyCases: HostileCase[] = [
  ...wrongTypeCases,
  ...grantTypeCases,
  ...shapeCases,
  ...duplicateCases,
  ...longStringCases,
  ...emailCases,
  ...contentTypeCases,
  ...lengthCases,
]
