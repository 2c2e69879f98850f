import { env } from 'cloudflare:workers'
import { describe, expect, it } from 'vitest'
import { ConfigError, readConfig } from './config'

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
