import type { Context } from 'hono'
import type { GatehouseEnv } from '../context'
import { asksTurnstile, requireHuman, TURNSTILE_HEADER } from '../turnstile'
import type { ResolvedRoute } from '../policy'

// Registration and the password-reset pair: what bots run at a shop besides logins (which the
// token endpoint checks itself). Keyed by the route table's rule, so every spelling of a path is.
const ASKED: ReadonlySet<string> = new Set(['POST /customers', 'POST /customers/forgot-password', 'POST /customers/reset-password'])

/** Turnstile for these routes when the request comes from a listed storefront origin (docs/security.md, "Bots"). */
export function humanCheck(route: ResolvedRoute, c: Context<GatehouseEnv>): Promise<void> | undefined {
  const key = askedKey(route.rule)
  // Every other route: nothing to wait for (the gateway awaits only a check).
  if (key === undefined) return undefined
  return askHuman(key, c)
}

async function askHuman(key: string, c: Context<GatehouseEnv>): Promise<void> {
  const ctx = c.get('ctx')
  if (!asksTurnstile(c.req.header('Origin'), ctx.config.turnstile)) return
  await requireHuman(c.req.header(TURNSTILE_HEADER), key, ctx)
}

// Per rule of the compiled table (built once per isolate): its key when Turnstile may be asked, else
// undefined, so every other request pays one lookup.
const asked = new WeakMap<ResolvedRoute['rule'], { key: string | undefined }>()

function askedKey(rule: ResolvedRoute['rule']): string | undefined {
  let found = asked.get(rule)
  if (!found) {
    const key = `${rule.method} ${rule.template}`
    found = { key: ASKED.has(key) ? key : undefined }
    asked.set(rule, found)
  }
  return found.key
}
