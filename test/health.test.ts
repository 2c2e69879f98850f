import { env } from 'cloudflare:workers'
import { describe, expect, it } from 'vitest'
import type { Env } from '../src/core/env'
import { ANSWERS } from './helpers/answers'
import { callWith, wrap } from './helpers/gateway-env'
import { call, freshIp } from './helpers/http'

const HEALTH = '/auth/health'
const OK = { status: 'ok', checks: { d1: 'ok', kv: 'ok', origin: 'ok' } }

const failing = () => Promise.reject(new Error('injected failure at /srv/secret/path'))
const hanging = () => new Promise<never>(() => {})
const brokenD1 = () =>
  wrap(env.DB, {
    prepare: () => {
      throw new Error('D1_ERROR: injected')
    },
    batch: failing,
    exec: failing,
  })
const brokenKv = (how: () => unknown) => wrap(env.REVOKED, { get: how })
const originAnswering = (answer: () => Promise<unknown>) =>
  ({
    fetch: answer,
    connect: () => {
      throw new Error('no')
    },
  }) as unknown as Fetcher

describe('GET /auth/health', () => {
  it('answers 200 with every part ok, uncached and with no internals', async () => {
    const res = await call(HEALTH)
    expect(res.status).toBe(200)
    expect(res.headers.get('Cache-Control')).toBe('no-store')
    expect(await res.json()).toEqual(OK)
  })

  it('is not rate-limited like the token endpoint: 25 checks from one IP all answer', async () => {
    const ip = freshIp()
    const statuses = await Promise.all(Array.from({ length: 25 }, () => call(HEALTH, { headers: { 'CF-Connecting-IP': ip } }).then((r) => r.status)))
    expect(statuses).toEqual(Array(25).fill(200))
  })

  it('answers HEAD, refuses other methods with 405', async () => {
    expect((await call(HEALTH, { method: 'HEAD' })).status).toBe(200)
    const post = await call(HEALTH, { method: 'POST' })
    expect(post.status).toBe(405)
    expect(post.headers.get('Allow')).toBe('GET, HEAD')
    expect(await post.json()).toEqual(ANSWERS.methodNotAllowed)
  })

  it('probes each store at most once per isolate window: a monitor costs one KV read, not one per check', async () => {
    let reads = 0
    const counting = {
      ...env,
      REVOKED: wrap(env.REVOKED, {
        get: (...args: unknown[]) => {
          reads += 1
          return (env.REVOKED.get as (...a: unknown[]) => Promise<unknown>)(...args)
        },
      }),
    } as Env
    for (let i = 0; i < 5; i++) expect((await callWith(counting, HEALTH)).status).toBe(200)
    expect(reads).toBe(1)
  })
})

describe('GET /auth/health with a part down', () => {
  const CASES = [
    { name: 'D1 failing', overrides: () => ({ DB: brokenD1() }), status: 503, checks: { d1: 'degraded', kv: 'ok', origin: 'ok' } },
    {
      name: 'D1 hanging',
      overrides: () => ({ DB: wrap(env.DB, { prepare: () => ({ run: hanging, bind: () => ({ run: hanging }) }) }) }),
      status: 503,
      checks: { d1: 'degraded', kv: 'ok', origin: 'ok' },
    },
    { name: 'KV failing', overrides: () => ({ REVOKED: brokenKv(failing) }), status: 503, checks: { d1: 'ok', kv: 'degraded', origin: 'ok' } },
    {
      name: 'KV throwing synchronously',
      overrides: () => ({
        REVOKED: brokenKv(() => {
          throw new Error('gone')
        }),
      }),
      status: 503,
      checks: { d1: 'ok', kv: 'degraded', origin: 'ok' },
    },
    {
      name: 'KV hanging',
      overrides: () => ({ REVOKED: brokenKv(hanging), KV_TIMEOUT_MS: '50' }),
      status: 503,
      checks: { d1: 'ok', kv: 'degraded', origin: 'ok' },
    },
    { name: 'origin unreachable', overrides: () => ({ ORIGIN: originAnswering(failing) }), status: 200, checks: { d1: 'ok', kv: 'ok', origin: 'degraded' } },
    {
      name: 'origin answering 503',
      overrides: () => ({ ORIGIN: originAnswering(async () => new Response('down', { status: 503 })) }),
      status: 200,
      checks: { d1: 'ok', kv: 'ok', origin: 'degraded' },
    },
    {
      name: 'origin answering 404 (up, just no such page)',
      overrides: () => ({ ORIGIN: originAnswering(async () => new Response('', { status: 404 })) }),
      status: 200,
      checks: { d1: 'ok', kv: 'ok', origin: 'ok' },
    },
    {
      name: 'everything down',
      overrides: () => ({ ...env, DB: brokenD1(), REVOKED: brokenKv(failing), ORIGIN: originAnswering(failing) }),
      status: 503,
      checks: { d1: 'degraded', kv: 'degraded', origin: 'degraded' },
    },
  ]

  it.each(CASES)('$name: $status', { timeout: 20_000 }, async ({ overrides, status, checks }) => {
    const res = await callWith(overrides() as Partial<Env>, HEALTH)
    expect(res.status).toBe(status)
    const body = await res.text()
    const overall = Object.values(checks).every((state) => state === 'ok') ? 'ok' : 'degraded'
    const expected = status === 503 ? { ...ANSWERS.unavailable, status: overall, checks } : { status: overall, checks }
    expect(JSON.parse(body)).toEqual(expected)
    expect(body).not.toMatch(/secret|injected|srv|D1_ERROR/)
  })
})
