import { env } from 'cloudflare:workers'
import { describe, expect, it } from 'vitest'
import { ConfigError, readConfig } from './config'

const GOOD_SECRET = 'x'.repeat(32)

describe('readConfig', () => {
  it('reads the local demo configuration', () => {
    const config = readConfig(env)
    expect(config.jwt.issuers).toEqual(['http://shop.localhost/'])
    expect(config.jwt.audiences).toEqual(['maho-api'])
    expect(config.jwt.ttlSeconds).toBe(3600)
    expect(config.jwt.secret.byteLength).toBeGreaterThanOrEqual(32)
    expect(config.origin.timeoutMs).toBe(30_000)
    expect(config.cors.origins).toEqual(['http://shop.localhost', 'http://localhost:8787'])
  })

  it('applies the documented defaults', () => {
    const config = readConfig({ ...env, JWT_AUDIENCE: undefined, TOKEN_TTL: undefined, ORIGIN_TIMEOUT_MS: undefined })
    expect(config.jwt.audiences).toEqual(['maho-api'])
    expect(config.jwt.ttlSeconds).toBe(3600)
    expect(config.origin.timeoutMs).toBe(30_000)
  })

  it("reads JWT_ISSUER and JWT_AUDIENCE as lists (the first signs) in both shop lines' spellings", () => {
    const config = readConfig({
      ...env,
      JWT_SECRET: GOOD_SECRET,
      JWT_ISSUER: 'https://shop.example.com/, https://shop.example.com',
      JWT_AUDIENCE: 'maho-api,https://shop.example.com,https://shop.example.de',
    })
    expect(config.jwt.issuers).toEqual(['https://shop.example.com/', 'https://shop.example.com'])
    expect(config.jwt.audiences).toEqual(['maho-api', 'https://shop.example.com', 'https://shop.example.de'])
  })

  it('reads SHOP_API_LINE (main by default, or 26.7) and refuses any other line loudly', () => {
    expect(readConfig(env).policy).toEqual({ shopApiLine: 'main' })
    expect(readConfig({ ...env, SHOP_API_LINE: '' }).policy).toEqual({ shopApiLine: 'main' })
    expect(readConfig({ ...env, SHOP_API_LINE: '26.7' }).policy).toEqual({ shopApiLine: '26.7' })
    for (const bad of ['26.8', 'MAIN', ' main', '26.7 ']) {
      expect(() => readConfig({ ...env, SHOP_API_LINE: bad })).toThrow(new ConfigError(`SHOP_API_LINE must be one of main, 26.7, got "${bad}"`))
    }
  })

  it('reads SHOP_CONFIRM_AGE_SECONDS and DEFAULT_WEBSITE_ID, with defaults of one day and website 1', () => {
    expect(readConfig(env).shop).toEqual({ confirmAgeSeconds: 86_400, defaultWebsiteId: 1 })
    expect(readConfig({ ...env, SHOP_CONFIRM_AGE_SECONDS: '60', DEFAULT_WEBSITE_ID: '2' }).shop).toEqual({ confirmAgeSeconds: 60, defaultWebsiteId: 2 })
  })

  const BAD: { name: string; vars: Record<string, string | undefined>; message: string }[] = [
    { name: 'missing JWT_SECRET', vars: { JWT_SECRET: undefined }, message: 'JWT_SECRET is not set' },
    { name: 'empty JWT_SECRET', vars: { JWT_SECRET: '' }, message: 'JWT_SECRET is not set' },
    { name: 'JWT_SECRET of 31 characters', vars: { JWT_SECRET: 'x'.repeat(31) }, message: 'JWT_SECRET must be at least 32 characters' },
    {
      name: 'the demo secret with a public issuer',
      vars: { JWT_ISSUER: 'https://shop.example.com/' },
      message: 'JWT_SECRET is the public demo secret',
    },
    { name: 'missing JWT_ISSUER', vars: { JWT_ISSUER: undefined }, message: 'JWT_ISSUER is not set' },
    { name: 'JWT_ISSUER not a URL', vars: { JWT_ISSUER: 'shop.example.com/' }, message: 'JWT_ISSUER must be an absolute URL' },
    {
      name: 'JWT_ISSUER with a path but no trailing slash',
      vars: { JWT_ISSUER: 'https://shop.example.com/shop', JWT_SECRET: GOOD_SECRET },
      message: 'trailing slash',
    },
    {
      name: 'one JWT_ISSUER entry of two not a URL',
      vars: { JWT_ISSUER: 'https://shop.example.com/,shop.example.com', JWT_SECRET: GOOD_SECRET },
      message: 'JWT_ISSUER must be an absolute URL',
    },
    {
      name: 'the demo secret with one public issuer among local ones',
      vars: { JWT_ISSUER: 'http://shop.localhost/,https://shop.example.com' },
      message: 'JWT_SECRET is the public demo secret',
    },
    { name: 'JWT_AUDIENCE of commas only', vars: { JWT_AUDIENCE: ' , ' }, message: 'JWT_AUDIENCE must not be empty' },
    {
      name: 'SHOP_CONFIRM_AGE_SECONDS not a number',
      vars: { SHOP_CONFIRM_AGE_SECONDS: '1d' },
      message: 'SHOP_CONFIRM_AGE_SECONDS must be a positive whole number',
    },
    { name: 'JWT_ISSUER with a query', vars: { JWT_ISSUER: 'https://shop.example.com/?a=1', JWT_SECRET: GOOD_SECRET }, message: 'trailing slash' },
    { name: 'JWT_ISSUER over plain http', vars: { JWT_ISSUER: 'http://shop.example.com/', JWT_SECRET: GOOD_SECRET }, message: 'must use https' },
    { name: 'empty JWT_AUDIENCE', vars: { JWT_AUDIENCE: ' ' }, message: 'JWT_AUDIENCE must not be empty' },
    { name: 'TOKEN_TTL not a number', vars: { TOKEN_TTL: '1h' }, message: 'TOKEN_TTL must be a positive whole number' },
    { name: 'TOKEN_TTL zero', vars: { TOKEN_TTL: '0' }, message: 'TOKEN_TTL must be a positive whole number' },
    { name: 'ORIGIN_URL not http(s)', vars: { ORIGIN_URL: 'ftp://origin.example.com' }, message: 'ORIGIN_URL must be an absolute http(s) URL' },
    { name: 'CORS_ORIGINS wildcard', vars: { CORS_ORIGINS: '*' }, message: '`*` is never allowed' },
    { name: 'CORS_ORIGINS with a path', vars: { CORS_ORIGINS: 'https://shop.example.com/app' }, message: 'must be a bare origin' },
    { name: 'LOG_REQUESTS not a known value', vars: { LOG_REQUESTS: 'everything' }, message: 'LOG_REQUESTS must be one of refusals, all' },
    { name: 'EDGE_CACHE not on or off', vars: { EDGE_CACHE: 'false' }, message: 'EDGE_CACHE must be on or off' },
  ]
  for (const row of BAD) {
    it(`fails loudly on ${row.name}`, () => {
      const bad = { ...env, ...row.vars }
      expect(() => readConfig(bad)).toThrow(ConfigError)
      expect(() => readConfig(bad)).toThrow(row.message)
    })
  }
})

describe('lockout config', () => {
  it('reads LOCKOUT_* overrides', () => {
    const config = readConfig({ ...env, LOCKOUT_MAX_FAILURES: '5', LOCKOUT_WINDOW_SECONDS: '60', LOCKOUT_SECONDS: '3600' })
    expect(config.lockout).toEqual({ maxFailures: 5, windowSeconds: 60, lockSeconds: 3600 })
  })

  const BAD = ['0', '-1', 'ten', '1.5', ' 10', '10s', '1e3', '0x10', '12345678901']
  for (const name of ['LOCKOUT_MAX_FAILURES', 'LOCKOUT_WINDOW_SECONDS', 'LOCKOUT_SECONDS'] as const) {
    for (const value of BAD) {
      it(`${name}=${JSON.stringify(value)} fails loudly, naming the variable`, () => {
        const bad = { ...env, [name]: value }
        expect(() => readConfig(bad)).toThrow(ConfigError)
        expect(() => readConfig(bad)).toThrow(`${name} must be a positive whole number, got "${value}"`)
      })
    }
  }
})

describe('KV timeout config', () => {
  it('defaults to 2000 ms and reads KV_TIMEOUT_MS', () => {
    expect(readConfig(env).kv.timeoutMs).toBe(2000)
    expect(readConfig({ ...env, KV_TIMEOUT_MS: '250' }).kv.timeoutMs).toBe(250)
  })

  it.each(['0', '-5', '2s', '1.5', 'abc'])('KV_TIMEOUT_MS=%j fails loudly, naming the variable', (value) => {
    expect(() => readConfig({ ...env, KV_TIMEOUT_MS: value })).toThrow(`KV_TIMEOUT_MS must be a positive whole number, got "${value}"`)
  })
})
