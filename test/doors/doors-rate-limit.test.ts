// Per-IP limits on the shop's other doors (RATE_LIMIT_GRAPHQL, RATE_LIMIT_MCP: 60 per minute in
// wrangler.toml), keyed on CF-Connecting-IP only, one counter per door.
import { describe, expect, it } from 'vitest'
import { ANSWERS } from '../helpers/answers'
import { DOOR_URL, postDoor, type DoorName } from '../helpers/doors'
import { call, freshIp } from '../helpers/http'
import { newProbe, originHits, PROBE_HEADER } from '../helpers/origin'
import { inOneRateWindow } from '../helpers/rate-window'

const LIMIT = 60

describe.each<DoorName>(['graphql', 'mcp'])('/api/%s rate limit', (door) => {
  it(`passes ${LIMIT} requests per minute from one client in a parallel burst, then 429 with Retry-After, not at the shop`, () =>
    inOneRateWindow(async () => {
      const ip = freshIp()
      // Spoofed forwarding headers change nothing: the bucket is CF-Connecting-IP's.
      const burst = await Promise.all(Array.from({ length: LIMIT }, () => postDoor(door, { 'CF-Connecting-IP': ip, 'X-Forwarded-For': freshIp() })))
      expect(burst.map((res) => res.status)).toEqual(Array(LIMIT).fill(200))
      const probe = newProbe()
      const over = await postDoor(door, { 'CF-Connecting-IP': ip, [PROBE_HEADER]: probe })
      expect(over.status).toBe(429)
      expect(over.headers.get('Retry-After')).toBe('60')
      expect(await over.json()).toEqual(ANSWERS.tooMany)
      expect(await originHits(probe)).toBe(0)
      // Another client, and the other door, are not affected.
      expect((await postDoor(door, { 'CF-Connecting-IP': freshIp() })).status).toBe(200)
      expect((await postDoor(door === 'mcp' ? 'graphql' : 'mcp', { 'CF-Connecting-IP': ip })).status).toBe(200)
    }))
})

describe('MCP counts every message of a session', () => {
  it('GET and DELETE count against the same limit as POST', () =>
    inOneRateWindow(async () => {
      const ip = freshIp()
      const methods = Array.from({ length: LIMIT }, (_, i) => ['GET', 'POST', 'DELETE'][i % 3]!)
      const burst = await Promise.all(methods.map((method) => call(DOOR_URL.mcp, { method, headers: { 'CF-Connecting-IP': ip } })))
      expect(burst.map((res) => res.status)).toEqual(Array(LIMIT).fill(200))
      expect((await call(DOOR_URL.mcp, { method: 'GET', headers: { 'CF-Connecting-IP': ip } })).status).toBe(429)
    }))
})
