import type { Context } from 'hono'
import document from './openapi.json'

let text: string | undefined

/**
 * `GET /api/rest/v2/auth/openapi.json`: the OpenAPI 3.1 description of gatehouse's own endpoints,
 * a static JSON module (test/oauth-openapi.test.ts checks real answers against it).
 *
 * @example
 * app.get('/api/rest/v2/auth/openapi.json', openApi)
 */
export function openApi(c: Context): Response {
  text ??= JSON.stringify(document)
  return c.body(text, 200, { 'Content-Type': 'application/json' })
}
