// The claims the demo shop writes (pure; demo/origin/src/shop/tokens.ts).
import { describe, expect, it } from 'vitest'
import { shopClaims } from '../../demo/origin/src/shop/tokens'

const JTI = '0123456789abcdef0123456789abcdef'
const service = { type: 'api_user' as const, id: 7, username: 'eu-feed', permissions: ['orders/read'] }

describe('shopClaims', () => {
  it('adds allowed_store_ids only for a store-limited api user', () => {
    expect(shopClaims({ ...service, allowedStoreIds: [1, 3] }, 1_764_000_000_500, JTI)).toMatchObject({ allowed_store_ids: [1, 3] })
    expect(shopClaims({ ...service, allowedStoreIds: null }, 1_764_000_000_500, JTI)).not.toHaveProperty('allowed_store_ids')
  })

  it('writes dates with six decimals at most 999 µs before now, never a whole number', () => {
    for (const [nowMs, jti] of [
      [1_764_000_000_000, `000${JTI.slice(3)}`],
      [1_764_000_000_123, JTI],
      [1_764_000_001_000, `fff${JTI.slice(3)}`],
    ] as const) {
      const { iat, nbf, exp } = shopClaims({ type: 'customer', id: 1, email: 'a@b.c' }, nowMs, jti)
      expect(Number.isInteger(iat)).toBe(false)
      expect(iat).toBeLessThanOrEqual(nowMs / 1000)
      expect(iat).toBeGreaterThan(nowMs / 1000 - 0.001)
      expect(nbf).toBe(iat)
      expect(String(exp).split('.')[1]).toBe(String(iat).split('.')[1])
      expect(Math.floor(exp!) - Math.floor(iat!)).toBe(3600)
    }
  })
})
