// The bodies of the routes the gateway captures are read once, checked with the token endpoint's
// rules and forwarded as the very bytes it parsed. What it cannot read one way only never reaches
// the shop, so the shop can never change a password the edge copy does not learn.
import { env } from 'cloudflare:workers'
import { describe, expect, it } from 'vitest'
import { createCustomer } from '../helpers/accounts'
import { ANSWERS } from '../helpers/answers'
import { callWith, wrap } from '../helpers/gateway-env'
import { call } from '../helpers/http'
import { newProbe, originHits, PROBE_HEADER } from '../helpers/origin'
import { bearer, customerClaims, mint } from '../helpers/tokens'

const RESET = '/customers/reset-password'
const big = 'x'.repeat(16 * 1024)
const utf8 = (text: string) => new TextEncoder().encode(text)

interface BodyCase {
  name: string
  input: { path: string; method?: string; body: string | Uint8Array; contentType?: string | null; headers?: Record<string, string> }
  status: number
  code: unknown
}

const cases: BodyCase[] = [
  {
    name: 'a repeated key',
    input: { path: RESET, body: '{"email":"a@example.com","newPassword":"one","newPassword":"two"}' },
    status: 400,
    code: ANSWERS.duplicateKey,
  },
  {
    name: 'a repeated key spelt with an escape',
    input: { path: RESET, body: '{"email":"a@example.com","newPassword":"one","new\\u0050assword":"two"}' },
    status: 400,
    code: ANSWERS.duplicateKey,
  },
  {
    name: 'a repeated key in registration',
    input: { path: '/customers', body: '{"email":"a@example.com","email":"b@example.com","password":"pw-123456"}' },
    status: 400,
    code: ANSWERS.duplicateKey,
  },
  { name: 'malformed JSON', input: { path: RESET, body: '{"email":"a@example.com",' }, status: 400, code: ANSWERS.notJson },
  { name: 'a JSON array', input: { path: RESET, body: '[{"email":"a@example.com"}]' }, status: 400, code: ANSWERS.notJson },
  { name: 'an empty body', input: { path: RESET, body: '' }, status: 400, code: ANSWERS.notJson },
  { name: 'a byte-order mark', input: { path: RESET, body: '\uFEFF{"email":"a@example.com"}' }, status: 400, code: ANSWERS.notJson },
  {
    name: 'bytes that are not UTF-8',
    input: { path: RESET, body: new Uint8Array([0x7b, 0x22, 0xff, 0x22, 0x3a, 0x31, 0x7d]) },
    status: 400,
    code: ANSWERS.notJson,
  },
  {
    name: 'a form body',
    input: { path: RESET, body: 'email=a%40example.com&newPassword=x', contentType: 'application/x-www-form-urlencoded' },
    status: 415,
    code: ANSWERS.wrongType,
  },
  { name: 'no Content-Type', input: { path: RESET, body: '{"email":"a@example.com"}', contentType: null }, status: 415, code: ANSWERS.wrongType },
  {
    name: 'a latin1 charset',
    input: { path: RESET, body: '{"email":"a@example.com"}', contentType: 'application/json; charset=latin1' },
    status: 415,
    code: ANSWERS.wrongType,
  },
  { name: 'a body over 16 KiB', input: { path: RESET, body: `{"email":"a@example.com","pad":"${big}"}` }, status: 413, code: ANSWERS.tooLarge },
  {
    name: 'a Content-Length shorter than the body',
    input: { path: RESET, body: '{"email":"a@example.com"}', headers: { 'Content-Length': '5' } },
    status: 400,
    code: ANSWERS.lengthMismatch,
  },
  {
    name: 'a repeated key in a profile update',
    input: { path: '/customers/me', method: 'PUT', body: '{"email":"a@example.com","email":"b@example.com"}' },
    status: 400,
    code: ANSWERS.duplicateKey,
  },
]

async function send(input: BodyCase['input'], probe: string): Promise<Response> {
  const headers: Record<string, string> = { [PROBE_HEADER]: probe, ...input.headers }
  if (input.contentType !== null) headers['Content-Type'] = input.contentType ?? 'application/json'
  if (input.path === '/customers/me') {
    const { id, email } = await createCustomer()
    Object.assign(headers, bearer(await mint(customerClaims(id, email))))
  }
  return call(input.path, { method: input.method ?? 'POST', headers, body: input.body })
}

describe('a captured route with a body the gateway cannot read one way only', () => {
  it.each(cases)('$name → $status', async ({ input, status, code }) => {
    const probe = newProbe()
    const res = await send(input, probe)
    expect(res.status).toBe(status)
    expect(await res.json()).toEqual(code)
    expect(await originHits(probe)).toBe(0)
  })
})

describe('a captured route the gateway can read', () => {
  it('reaches the shop as the same bytes, whitespace and escapes included', async () => {
    const { email } = await createCustomer()
    const body = `{ "email" : "${email}",\n  "resetToken":"wrong-token", "newPassword": "caf\\u00e9-\u00e9t\u00e9" }`
    let seen: Uint8Array | undefined
    const origin = wrap(env.ORIGIN!, {
      fetch: async (request: Request) => {
        seen = new Uint8Array(await request.clone().arrayBuffer())
        return env.ORIGIN!.fetch(request)
      },
    })
    // A chunked body (no Content-Length) is read whole and sent on with its length.
    const stream = new Blob([utf8(body)]).stream()
    await callWith({ ORIGIN: origin }, RESET, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: stream, duplex: 'half' } as RequestInit)
    expect(seen).toEqual(utf8(body))
  })
})
