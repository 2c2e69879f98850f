import { describe, expect, it } from 'vitest'
import type { GatehouseError } from '../core'
import { readTwofaCode } from './twofa-code'

describe('readTwofaCode', () => {
  it.each([
    ['a six-digit string', '123456', '123456'],
    ['leading zeros kept', '000042', '000042'],
    ['a number', 123456, '123456'],
    ['a number below 100000: the code its leading zeros spell', 42, '000042'],
    ['zero', 0, '000000'],
    ['absent', undefined, undefined],
    ['null', null, undefined],
    ['empty', '', undefined],
  ])('%s', (_name, input, code) => {
    expect(readTwofaCode(input)).toBe(code)
  })

  it.each([['12345'], [1_000_000], [-1], [1.5], [Number.NaN], [true], [['123456']], [{}]])('refuses %j as invalid_twofa_code', (input) => {
    expect(() => readTwofaCode(input)).toThrow(expect.objectContaining({ reason: 'invalid_twofa_code' }) as GatehouseError)
  })
})
