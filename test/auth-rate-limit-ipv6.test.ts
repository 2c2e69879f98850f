// One IPv6 client holds a whole /64 (RFC 6177 assigns at least that to a subscriber; SLAAC and
// privacy addresses rotate inside it freely). Keyed on the full address, the per-IP limit gave such
// a client 2^64 fresh buckets: eleven token requests from eleven addresses of one /64 all passed.
import { describe, expect, it } from 'vitest'
import { postJson } from './helpers/http'
import { ANSWERS, oauthError } from './helpers/answers'
import { inOneRateWindow } from './helpers/rate-window'

const hex = () => Math.floor(Math.random() * 0xffff).toString(16)

// Refused for its body (400, missing api_key) but counted by the per-IP limit, which runs first.
function tokenRequest(ip: string) {
  return postJson('/auth/token', { grant_type: 'api_user', username: `v6-${crypto.randomUUID()}` }, { headers: { 'CF-Connecting-IP': ip } })
}

describe('per-IP limit for IPv6 clients', () => {
  it('counts every address of one /64 in one bucket: the 11th request is 429', () =>
    inOneRateWindow(async () => {
      const prefix = `2001:db8:${hex()}:${hex()}`
      for (let i = 1; i <= 10; i++) expect((await tokenRequest(`${prefix}:${hex()}:${hex()}:${hex()}:${i.toString(16)}`)).status).toBe(400)
      const res = await tokenRequest(`${prefix}::ffff`)
      expect(res.status).toBe(429)
      expect(res.headers.get('Retry-After')).toBe('60')
      expect(await res.json()).toEqual(oauthError(ANSWERS.tooMany))
    }))

  it('keeps two /64s apart', () =>
    inOneRateWindow(async () => {
      const a = `2001:db8:${hex()}:${hex()}`
      const b = `2001:db8:${hex()}:${hex()}`
      for (let i = 1; i <= 10; i++) await tokenRequest(`${a}::${i.toString(16)}`)
      expect((await tokenRequest(`${b}::1`)).status).toBe(400)
    }))

  it('an IPv4-mapped address counts as its IPv4 address', () =>
    inOneRateWindow(async () => {
      const v4 = `198.51.${Math.floor(Math.random() * 255)}.${Math.floor(Math.random() * 255)}`
      for (let i = 0; i < 5; i++) await tokenRequest(v4)
      for (let i = 0; i < 5; i++) await tokenRequest(`::ffff:${v4}`)
      expect((await tokenRequest(v4)).status).toBe(429)
    }))
})
