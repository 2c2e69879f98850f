import type { Context } from 'hono'
import type { GatehouseEnv } from '../context'
import { fail } from '../core'

// The page and its script, as the demo origin serves them.
const FILES: Readonly<Record<string, string>> = {
  '/demo/storefront': '/__demo/storefront',
  '/demo/storefront.js': '/__demo/storefront.js',
}

/**
 * `GET /demo/storefront`: the demo storefront page, fetched from the demo origin, so that the page
 * and the API share one origin (and the session cookies). Local only: answered when
 * `DEMO_STOREFRONT=on` (set in wrangler.toml's local [vars], never in [env.production]) and the
 * origin is a service binding; 404 otherwise, like any path outside the API.
 *
 * @example
 * app.get('/demo/*', demoStorefront)
 */
export async function demoStorefront(c: Context<GatehouseEnv>): Promise<Response> {
  const file = FILES[c.req.path]
  const origin = c.env.ORIGIN
  if (!file || !origin || !c.get('ctx').config.demoStorefront) return fail('route_not_found', { detail: 'demo storefront is off' })
  const page = await origin.fetch(new URL(file, c.req.url).toString())
  // The page's own headers (its CSP among them) stand, as for any origin answer.
  c.set('proxied', true)
  return new Response(page.body, page)
}
