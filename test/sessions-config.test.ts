import { env } from 'cloudflare:workers'
import { describe, expect, it } from 'vitest'
import { ConfigError, readConfig } from '../src/config/config'
import { ANSWERS } from './helpers/answers'
import { callWith } from './helpers/gateway-env'

describe('session configuration', () => {
  it('has the documented defaults: 30 days idle, 90 days absolute, 5 s grace, SameSite=Strict, no cookie origin', () => {
    const config = readConfig({ ...env, COOKIE_ORIGINS: undefined })
    expect(config.sessions).toEqual({ idleSeconds: 2_592_000, absoluteSeconds: 7_776_000, graceSeconds: 5, cookieOrigins: [], sameSite: 'Strict' })
  })

  it('reads every variable', () => {
    const config = readConfig({
      ...env,
      REFRESH_IDLE_SECONDS: '3600',
      REFRESH_ABSOLUTE_SECONDS: '86400',
      REFRESH_GRACE_SECONDS: '0',
      COOKIE_ORIGINS: 'https://www.shop.example.com, http://localhost:5173',
      COOKIE_SAMESITE: 'Lax',
    })
    expect(config.sessions).toEqual({
      idleSeconds: 3600,
      absoluteSeconds: 86_400,
      graceSeconds: 0,
      cookieOrigins: ['https://www.shop.example.com', 'http://localhost:5173'],
      sameSite: 'Lax',
    })
  })

  const bad: { name: string; vars: Record<string, string>; message: RegExp }[] = [
    { name: 'idle not a number', vars: { REFRESH_IDLE_SECONDS: '30d' }, message: /REFRESH_IDLE_SECONDS must be a whole number of seconds/ },
    { name: 'idle under a minute', vars: { REFRESH_IDLE_SECONDS: '59' }, message: /REFRESH_IDLE_SECONDS/ },
    { name: 'absolute past 400 days (a browser cookie limit)', vars: { REFRESH_ABSOLUTE_SECONDS: '34560001' }, message: /REFRESH_ABSOLUTE_SECONDS/ },
    {
      name: 'idle longer than absolute',
      vars: { REFRESH_IDLE_SECONDS: '7200', REFRESH_ABSOLUTE_SECONDS: '3600' },
      message: /must not be longer than REFRESH_ABSOLUTE_SECONDS/,
    },
    { name: 'grace over a minute', vars: { REFRESH_GRACE_SECONDS: '61' }, message: /REFRESH_GRACE_SECONDS/ },
    { name: 'grace negative', vars: { REFRESH_GRACE_SECONDS: '-1' }, message: /REFRESH_GRACE_SECONDS/ },
    { name: 'a cookie origin with a path', vars: { COOKIE_ORIGINS: 'https://shop.example.com/store' }, message: /bare origin/ },
    { name: 'a wildcard cookie origin', vars: { COOKIE_ORIGINS: '*' }, message: /bare origin/ },
    { name: 'a plain-http cookie origin that is not local', vars: { COOKIE_ORIGINS: 'http://shop.example.com' }, message: /must use https/ },
    { name: 'SameSite None', vars: { COOKIE_SAMESITE: 'None' }, message: /COOKIE_SAMESITE must be Strict or Lax/ },
    { name: 'SameSite in lower case', vars: { COOKIE_SAMESITE: 'strict' }, message: /COOKIE_SAMESITE/ },
  ]
  for (const row of bad) {
    it(`refuses ${row.name}, and the gateway answers 500 misconfigured`, async () => {
      expect(() => readConfig({ ...env, ...row.vars })).toThrow(ConfigError)
      expect(() => readConfig({ ...env, ...row.vars })).toThrow(row.message)
      const res = await callWith(row.vars, '/products')
      expect(res.status).toBe(500)
      expect(await res.json()).toEqual({ ...ANSWERS.internal, message: 'Gateway misconfigured' })
    })
  }

  it('serves the demo storefront only where DEMO_STOREFRONT=on', async () => {
    const on = await callWith({}, 'http://gatehouse.test/demo/storefront')
    expect(on.status).toBe(200)
    expect(on.headers.get('Content-Type')).toBe('text/html; charset=utf-8')
    const off = await callWith({ DEMO_STOREFRONT: undefined }, 'http://gatehouse.test/demo/storefront')
    expect(off.status).toBe(404)
    expect(await off.json()).toEqual(ANSWERS.notFound)
  })
})
