import type { Context, MiddlewareHandler } from 'hono'
import { mediaTypeOf, readBodyText, readJsonObject } from '../auth/request-body'
import type { GatehouseEnv } from '../context'
import { fail } from '../errors'
import { parseForm } from './form-body'

/**
 * Marks a route as an OAuth 2.0 endpoint: its error answers add RFC 6749 §5.2's
 * `error_description` beside the shop's fields. First on the route, so every refusal carries it.
 *
 * @example
 * authRoutes.use('/token', oauthErrors)
 */
export const oauthErrors: MiddlewareHandler<GatehouseEnv> = async (c, next) => {
  c.set('oauth', true)
  await next()
}

/**
 * The parameters of a token, revocation or introspection request in either dialect: a JSON object
 * (the shop's) or an `application/x-www-form-urlencoded` body (RFC 6749 §3.2; UTF-8 only, like
 * JSON). Any other media type is 415; a form that repeats a parameter or is badly encoded is 400
 * `invalid_request`. The size cap is the route's (`limitBody`).
 */
export async function readOAuthFields(c: Context): Promise<Record<string, unknown>> {
  switch (mediaTypeOf(c.req.header('Content-Type'))) {
    case 'json':
      return readJsonObject(c)
    case 'form': {
      const form = parseForm(await readBodyText(c, 'malformed_form'))
      if (!form.ok) fail(form.reason, { detail: `form body: ${form.reason}` })
      return form.value
    }
    default:
      return fail('unsupported_media_type', { detail: `Content-Type ${String(c.req.header('Content-Type')).slice(0, 60)}` })
  }
}
