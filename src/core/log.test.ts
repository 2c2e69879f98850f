import { describe, expect, it } from 'vitest'
import { maskEmail, maskName } from './log'

describe('masking', () => {
  it.each([
    ['customer@example.com', 'c***@example.com'],
    ['a@b.c', 'a***@b.c'],
    ['no-at-sign', '***'],
    ['@example.com', '***'],
    ['a@b@c', '***'],
    ['😀x@example.com', '😀***@example.com'],
  ])('maskEmail(%j) = %j', (email, masked) => {
    expect(maskEmail(email)).toBe(masked)
  })

  it.each([
    ['admin', 'a***'],
    ['maho_00000000000000000000000000000001', 'm***'],
    ['someone@example.com', 's***@example.com'],
    ['', '***'],
  ])('maskName(%j) = %j', (name, masked) => {
    expect(maskName(name)).toBe(masked)
  })
})
