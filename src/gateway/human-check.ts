import type { Context } from 'hono'
import type { GatehouseEnv } from '../context'
import { asksTurnstile, requireHuman, TURNSTILE_HEADER } from '../turnstile'
import type { ResolvedRoute } from '../policy'

// Registration and the password-reset pair: what bots run at a shop besides logins (which the
// token endpoint checks itself). Keyed by the route table's rule, so every spelling of a path is.
const ASKED: ReadonlySet<string> = new Set(['POST /customers', 'POST /customers/forgot-password', 'POST /customers/reset-password'])

/** Turnstile for these routes when the request comes from a listed storefront origin (docs/security.md, "Bots"). */
export async function humanCheck(route: ResolvedRoute, c: Context<GatehouseEnv>): Promise<void> {
  const key = `${route.rule.method} ${route.rule.template}`
  const ctx = c.get('ctx')
  if (!ASKED.has(key) || !asksTurnstile(c.req.header('Origin'), ctx.config.turnstile)) return
  await requireHuman(c.req.header(TURNSTILE_HEADER), key, ctx)
}
