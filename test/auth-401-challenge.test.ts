// As at the shop (docs/security.md): every 401 carries `WWW-Authenticate: Bearer ...`,
// the token endpoint's credential failures included.
import { describe, expect, it } from 'vitest'
import { postJson } from './helpers/http'

const CASES = [
  {
    name: 'customer, wrong password',
    body: { email: 'customer@example.com', password: 'wrong' },
    error: { error: 'invalid_credentials', message: 'Invalid email or password', code: 401 },
  },
  {
    name: 'client_credentials, wrong secret',
    body: { grant_type: 'client_credentials', client_id: 'maho_00000000000000000000000000000001', client_secret: 'wrong' },
    error: { error: 'invalid_client', message: 'Invalid client credentials', code: 401 },
  },
  {
    name: 'api_user, unknown user',
    body: { grant_type: 'api_user', username: 'nobody-here', api_key: 'x' },
    error: { error: 'invalid_client', message: 'Invalid client credentials', code: 401 },
  },
]

describe('WWW-Authenticate on the token endpoint 401s', () => {
  it.each(CASES)('$name: 401 with a Bearer challenge', async ({ body, error }) => {
    const res = await postJson('/auth/token', body)
    expect(res.status).toBe(401)
    expect(res.headers.get('WWW-Authenticate')).toBe('Bearer realm="maho-api", resource_metadata="http://shop.localhost/.well-known/oauth-protected-resource"')
    // The token endpoint's errors also carry RFC 6749's error_description.
    expect(await res.json()).toEqual({ ...error, error_description: error.message })
  })
})
