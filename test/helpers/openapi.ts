// Checks a real answer against the OpenAPI document gatehouse serves (src/endpoints/openapi.json): the
// status must be documented for the operation, the body JSON, and the body valid under its schema
// (JSON Schema 2020-12, which OpenAPI 3.1 uses).
import { Validator } from '@cfworker/json-schema'
import { expect } from 'vitest'
import document from '../../src/endpoints/openapi.json'

type Json = Record<string, unknown>
const doc = document as unknown as Json

/** The document's `components`, so a schema's `#/components/...` references resolve. */
const components = doc.components as Json

function resolve(node: Json): Json {
  const ref = node.$ref
  if (typeof ref !== 'string') return node
  // Response objects are referenced OpenAPI-style (#/components/responses/X): follow them here.
  return resolve(
    ref
      .slice(2)
      .split('/')
      .reduce<Json>((at, key) => at[key] as Json, doc),
  )
}

/**
 * Asserts that `res` is what the document says `method path` answers with its status, and returns
 * the parsed body.
 *
 * @example
 * const body = await expectDocumented('post', '/api/rest/v2/auth/token', res)
 */
export async function expectDocumented(method: string, path: string, res: Response): Promise<unknown> {
  const operation = ((doc.paths as Json)[path] as Json | undefined)?.[method] as Json | undefined
  expect(operation, `${method} ${path} is documented`).toBeDefined()
  const response = (operation!.responses as Json)[String(res.status)] as Json | undefined
  expect(response, `${method} ${path} documents status ${res.status}`).toBeDefined()
  const content = (resolve(response!).content as Json)['application/json'] as Json
  expect(res.headers.get('Content-Type')).toMatch(/^application\/json\b/)
  const body: unknown = await res.json()
  const schema = { ...(content.schema as Json), components }
  const result = new Validator(schema as never, '2020-12', false).validate(body)
  expect(result.errors, `${method} ${path} ${res.status}: ${JSON.stringify(body)}`).toEqual([])
  return body
}
