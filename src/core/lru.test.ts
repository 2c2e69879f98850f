import { describe, expect, it } from 'vitest'
import { Lru } from './lru'

describe('Lru', () => {
  it('answers a value only between when it was stored and its expiry', () => {
    const lru = new Lru<string>({ maxEntries: 10 })
    lru.set('a', 'x', 100, 200)
    expect(lru.get('a', 99)).toBeUndefined()
    lru.set('a', 'x', 100, 200)
    expect(lru.get('a', 100)).toBe('x')
    expect(lru.get('a', 199)).toBe('x')
    expect(lru.get('a', 200)).toBeUndefined()
  })

  it('keeps a value without an expiry until it is evicted', () => {
    const lru = new Lru<string>({ maxEntries: 1 })
    lru.set('a', 'x', 0)
    expect(lru.get('a', Number.MAX_SAFE_INTEGER)).toBe('x')
    lru.set('b', 'y', 0)
    expect(lru.get('a', 1)).toBeUndefined()
    expect(lru.get('b', 1)).toBe('y')
  })

  it('evicts the least recently used first when over its entry count', () => {
    const lru = new Lru<number>({ maxEntries: 2 })
    lru.set('a', 1, 0)
    lru.set('b', 2, 0)
    expect(lru.get('a', 0)).toBe(1) // a is now the most recent
    lru.set('c', 3, 0)
    expect(lru.get('b', 0)).toBeUndefined()
    expect([lru.get('a', 0), lru.get('c', 0)]).toEqual([1, 3])
  })

  it('keeps the order right when the most recently used entry is read again, deleted or replaced', () => {
    const lru = new Lru<string>({ maxEntries: 2 })
    lru.set('a', 'x', 0)
    lru.set('b', 'y', 0)
    expect(lru.get('b', 0)).toBe('y')
    expect(lru.get('b', 0)).toBe('y')
    expect(lru.get('a', 0)).toBe('x')
    lru.set('c', 'z', 0)
    expect(lru.get('b', 0)).toBeUndefined()
    expect(lru.get('a', 0)).toBe('x')
    lru.delete('a')
    lru.set('a', 'w', 0)
    expect(lru.get('c', 0)).toBe('z')
    lru.set('d', 'v', 0)
    expect(lru.get('a', 0)).toBeUndefined()
    expect(lru.get('c', 0)).toBe('z')
    expect(lru.get('d', 0)).toBe('v')
  })

  it('evicts by the sum of sizes, and a deleted or replaced entry gives its size back', () => {
    const lru = new Lru<string>({ maxSize: 10, sizeOf: (value) => value.length })
    lru.set('a', '1234', 0)
    lru.set('b', '1234', 0)
    lru.set('a', '12', 0) // replaces: 2 + 4 = 6
    lru.set('c', '1234', 0) // 10: nothing evicted
    expect([lru.get('a', 0), lru.get('b', 0), lru.get('c', 0)]).toEqual(['12', '1234', '1234'])
    lru.delete('b') // 6
    lru.set('d', '1234', 0) // 10
    expect(lru.get('a', 0)).toBe('12')
    lru.set('e', '1', 0) // 11: the least recently used (c) goes
    expect(lru.get('c', 0)).toBeUndefined()
    expect([lru.get('a', 0), lru.get('d', 0), lru.get('e', 0)]).toEqual(['12', '1234', '1'])
  })

  it('drops a value larger than the whole bound at once', () => {
    const lru = new Lru<string>({ maxSize: 3, sizeOf: (value) => value.length })
    lru.set('a', '1234', 0)
    expect(lru.get('a', 0)).toBeUndefined()
  })
})
