// As at the shop (docs/security.md): every 401 carries `WWW-Authenticate: Bearer ...`,
// the token endpoint's credential failures included.
import { describe, expect, it } from 'vitest'
import { createCustomer } from './helpers/accounts'
import { postJson } from './helpers/http'
import { createClient } from './helpers/oauth'

const CASES = [
  {
    name: 'customer, wrong password',
    body: async () => ({ email: (await createCustomer()).email, password: 'wrong' }),
    error: { error: 'invalid_credentials', message: 'Invalid email or password', code: 401 },
  },
  {
    name: 'client_credentials, wrong secret',
    body: async () => ({ grant_type: 'client_credentials', client_id: (await createClient()).clientId, client_secret: 'wrong' }),
    error: { error: 'invalid_client', message: 'Invalid client credentials', code: 401 },
  },
  {
    name: 'api_user, unknown user',
    body: async () => ({ grant_type: 'api_user', username: 'nobody-here', api_key: 'x' }),
    error: { error: 'invalid_client', message: 'Invalid client credentials', code: 401 },
  },
]

describe('WWW-Authenticate on the token endpoint 401s', () => {
  it.each(CASES)('$name: 401 with a Bearer challenge', async ({ body, error }) => {
    const res = await postJson('/auth/token', await body())
    expect(res.status).toBe(401)
    expect(res.headers.get('WWW-Authenticate')).toBe('Bearer realm="maho-api", resource_metadata="http://shop.localhost/.well-known/oauth-protected-resource"')
    // The token endpoint's errors also carry RFC 6749's error_description.
    expect(await res.json()).toEqual({ ...error, error_description: error.message })
  })
})
