import type { Context } from 'hono'
import type { GatehouseEnv } from '../context'
import { fail } from '../core'

// Same-origin everything, no inline script or style: the page holds a service token in memory.
const PAGE_HEADERS = {
  'Content-Security-Policy':
    "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
  'X-Frame-Options': 'DENY',
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cache-Control': 'no-store',
}

/**
 * `GET /` and `GET /ops/*`: the index page and the operator page, static files of public/ served
 * through the ASSETS binding (never part of the Worker bundle). Answered only with
 * `OPERATOR_PAGE=on` (wrangler.toml's local [vars]; off in [env.production] and by default); 404
 * otherwise, like any path outside the API.
 *
 * @example
 * app.get('/ops/*', operatorPages)
 */
export async function operatorPages(c: Context<GatehouseEnv>): Promise<Response> {
  const assets = c.env.ASSETS
  if (!assets || !c.get('ctx').config.operatorPage) return fail('route_not_found', { detail: 'operator page is off' })
  const file = await assets.fetch(new URL(c.req.path, c.req.url).toString())
  if (file.status === 404) return fail('route_not_found', { detail: 'no such page' })
  // The file's own answer with the page's headers; the JSON API's do not fit a page.
  c.set('proxied', true)
  const headers = new Headers(file.headers)
  for (const [name, value] of Object.entries(PAGE_HEADERS)) headers.set(name, value)
  return new Response(file.body, { status: file.status, headers })
}
