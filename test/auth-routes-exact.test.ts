// `POST /auth/token/` answered 405 with `Allow: POST`: a contradiction (POST is what was sent) that
// sends clients hunting. The token endpoints have no trailing-slash spelling; like every other
// unknown path it is 404.
import { describe, expect, it } from 'vitest'
import { call } from './helpers/http'

describe('token endpoints with a trailing slash', () => {
  it.each(['/auth/token/', '/auth/refresh/', '/auth/logout/'])('POST %s is 404 not_found', async (path) => {
    const res = await call(path, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' })
    expect(res.status).toBe(404)
    expect(res.headers.get('Allow')).toBeNull()
    expect(await res.json()).toEqual({ error: 'not_found', message: 'Not found', code: 404 })
  })

  it('GET /auth/token is still 405 with Allow: POST', async () => {
    const res = await call('/auth/token')
    expect(res.status).toBe(405)
    expect(res.headers.get('Allow')).toBe('POST')
  })
})
