import { describe, expect, it } from 'vitest'
import { call } from './helpers/http'
import { email, json, TOO_LARGE, tokenErrorRows } from './hostile/token-errors'
import { ANSWERS, oauthError } from './helpers/answers'

describe('POST /auth/token refuses bad requests exactly as the shop does', () => {
  it.each(tokenErrorRows)('$name → $status', async (row) => {
    const headers = new Headers()
    if (row.contentType !== null) headers.set('Content-Type', row.contentType ?? 'application/json')
    const res = await call('/auth/token', { method: 'POST', headers, body: row.body })
    expect(res.status).toBe(row.status)
    expect(res.headers.get('Cache-Control')).toBe('no-store')
    expect(await res.json()).toEqual(row.expected)
  })

  it('refuses a streamed body over 16 KiB (no Content-Length) with 413', async () => {
    const chunk = new TextEncoder().encode('x'.repeat(4096))
    let sent = 0
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent++ < 5) controller.enqueue(chunk)
        else controller.close()
      },
    })
    const res = await call('/auth/token', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: stream })
    expect(res.status).toBe(413)
    expect(await res.json()).toEqual(oauthError(TOO_LARGE))
  })

  it('accepts a JSON Content-Type with a charset parameter', async () => {
    const res = await call('/auth/token', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json; charset=utf-8' },
      body: json({ email: email(), password: 'password123' }),
    })
    expect(res.status).toBe(401)
    expect(await res.json()).toEqual(oauthError(ANSWERS.invalidCredentials))
  })

  it.each(['GET', 'PUT', 'DELETE'])('answers %s on /auth/token with 405 and Allow: POST', async (method) => {
    const res = await call('/auth/token', { method })
    expect(res.status).toBe(405)
    expect(res.headers.get('Allow')).toBe('POST')
    expect(await res.json()).toEqual(oauthError(ANSWERS.methodNotAllowed))
  })
})
