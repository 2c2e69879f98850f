import { Hono, type Context } from 'hono'
import { authenticate, stampFamilyEnd } from '../auth'
import { type CustomerPrincipal, fail } from '../core'
import type { GatehouseEnv } from '../context'
import { endCustomerFamilies, familyOfAccessToken, liveFamilies } from '../db'
import { authorizationOf, clearSessionCookies, SESSION_ID_PATTERN, sessionView, endSession } from '../sessions'

type SessionContext = Context<GatehouseEnv>

/**
 * `/api/rest/v2/auth/sessions`: the customer's own sessions (refresh families), listed and ended
 * (docs/sessions.md). A customer Bearer or the access cookie; in cookie mode the CSRF rule applies
 * to DELETE as to every unsafe request.
 */
export const sessionRoutes = new Hono<GatehouseEnv>()

sessionRoutes.get('/sessions', async (c) => {
  const { principal, currentId } = await asker(c)
  const families = await liveFamilies(c.env.DB, principal.customerId, Math.floor(c.get('ctx').now))
  return c.json({ sessions: families.map((family) => sessionView(family, currentId)) })
})

// One session. Another customer's, an ended one and an id that is not one are the same 404: the
// answer never tells whether an id exists.
sessionRoutes.delete('/sessions/:id', async (c) => {
  const id = c.req.param('id')
  const { principal, currentId, viaCookies } = await asker(c)
  const ctx = c.get('ctx')
  const [family] = SESSION_ID_PATTERN.test(id) ? await liveFamilies(c.env.DB, principal.customerId, Math.floor(ctx.now), id) : []
  if (!family) return fail('route_not_found', { detail: 'no such live session of this customer' })
  await endSession(family.id, principal.customerId, 'session_ended', ctx)
  ctx.log({ event: 'session_ended', subject: principal.subject, family: family.id, current: family.id === currentId })
  if (family.id === currentId && viaCookies) clearSessionCookies(c)
  return c.json({ success: true, message: 'Session ended' })
})

// Every session but the asking one: each ended through endSession (its access tokens revoked), then
// a sweep in D1 for any past the listing's cap, whose access tokens expire within TOKEN_TTL.
sessionRoutes.delete('/sessions', async (c) => {
  const { principal, currentId } = await asker(c)
  const ctx = c.get('ctx')
  const now = Math.floor(ctx.now)
  const others = (await liveFamilies(c.env.DB, principal.customerId, now)).filter((family) => family.id !== currentId)
  for (const family of others) await endSession(family.id, principal.customerId, 'session_ended', ctx)
  const swept = await endCustomerFamilies(c.env.DB, principal.customerId, 'session_ended', now, principal.jti)
  // Each swept family's tokens carry its id (`sid`): its stamp refuses them like endSession's.
  for (const id of swept) await stampFamilyEnd(ctx, id)
  ctx.log({ event: 'sessions_ended', subject: principal.subject, ended: others.length, swept: swept.length })
  return c.json({ success: true, message: 'Other sessions ended', ended: others.length })
})

sessionRoutes.all('/sessions', () => fail('method_not_allowed', { headers: { Allow: 'GET, DELETE' } }))
sessionRoutes.all('/sessions/:id', () => fail('method_not_allowed', { headers: { Allow: 'DELETE' } }))

// The customer asking, and the session (family) its token came from, if any.
async function asker(c: SessionContext): Promise<{ principal: CustomerPrincipal; currentId: string | undefined; viaCookies: boolean }> {
  const ctx = c.get('ctx')
  const viaCookies = c.req.header('Authorization') === undefined
  const principal = (await authenticate(authorizationOf(c), ctx)) ?? fail('authentication_required', { detail: 'no Authorization header or session cookie' })
  if (principal.type !== 'customer') return fail('forbidden', { detail: `${principal.subject} is not a customer: sessions are customers' own` })
  return { principal, currentId: await familyOfAccessToken(c.env.DB, principal.jti), viaCookies }
}
