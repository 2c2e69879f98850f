import { describe, expect, it } from 'vitest'
import { whyAskShop, type ShopReason } from './login'

const NOW = 1_800_000_000
const config = { shop: { confirmAgeSeconds: 86_400, defaultWebsiteId: 1 } }
const fresh = { isActive: true, confirmedAt: NOW - 60 }
const cart = { field: 'maskedId' as const, value: 'a'.repeat(32) }

const ROWS: {
  name: string
  match: { isActive: boolean; confirmedAt: number | null } | undefined
  rows?: number
  unverifiable?: boolean
  guestCart?: typeof cart
  reason: ShopReason | undefined
}[] = [
  { name: 'a fresh, active, confirmed copy matches', match: fresh, reason: undefined },
  { name: 'confirmed exactly the age ago', match: { ...fresh, confirmedAt: NOW - 86_400 }, reason: undefined },
  { name: 'confirmed one second longer ago', match: { ...fresh, confirmedAt: NOW - 86_401 }, reason: 'stale' },
  { name: 'never confirmed', match: { ...fresh, confirmedAt: null }, reason: 'unconfirmed' },
  { name: 'never confirmed, with a cart', match: { ...fresh, confirmedAt: null }, guestCart: cart, reason: 'unconfirmed' },
  { name: 'inactive', match: { ...fresh, isActive: false }, reason: 'inactive' },
  { name: 'a guest cart on a fresh copy', match: fresh, guestCart: cart, reason: 'guest_cart' },
  { name: 'no copy of the name', match: undefined, rows: 0, reason: 'unknown_account' },
  { name: 'copies that do not match', match: undefined, rows: 2, reason: 'no_match' },
  { name: 'a copy Workers cannot verify (argon2)', match: undefined, rows: 1, unverifiable: true, reason: 'unsupported_hash' },
]

describe('whyAskShop', () => {
  it.each(ROWS)('$name → $reason', ({ match, rows = 1, unverifiable = false, guestCart, reason }) => {
    expect(whyAskShop({ match, rows, unverifiable }, guestCart ? { guestCart } : {}, NOW, config)).toBe(reason)
  })
})
