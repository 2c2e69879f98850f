import { Hono } from 'hono'
import { limitBody, fail } from '../core'
import type { GatehouseEnv } from '../context'
import { introspect } from './introspect'
import { oauthErrors } from '../oauth'
import { revoke } from './revoke'

/** `/api/rest/v2/auth`: RFC 7009 revocation and RFC 7662 introspection, forms or JSON. */
export const oauthRoutes = new Hono<GatehouseEnv>()

oauthRoutes.use('/revoke', oauthErrors)
oauthRoutes.use('/introspect', oauthErrors)
oauthRoutes.post('/revoke', limitBody, revoke)
oauthRoutes.post('/introspect', limitBody, introspect)
for (const endpoint of ['/revoke', '/introspect']) {
  oauthRoutes.all(endpoint, () => fail('method_not_allowed', { headers: { Allow: 'POST' } }))
}
