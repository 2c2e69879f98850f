import { describe, expect, it } from 'vitest'
import { findDuplicateKey } from './body'

const CASES: { name: string; json: string; duplicate: string | undefined }[] = [
  { name: 'no keys', json: '{}', duplicate: undefined },
  { name: 'distinct keys', json: '{"a":1,"b":2}', duplicate: undefined },
  { name: 'top-level duplicate', json: '{"a":1,"a":2}', duplicate: 'a' },
  { name: 'duplicate after whitespace', json: '{ "a" : 1 ,\n "a" : 2 }', duplicate: 'a' },
  { name: 'escaped spelling of the same key', json: '{"pass\\u0077ord":1,"password":2}', duplicate: 'password' },
  { name: 'key containing an escaped quote', json: '{"a\\"b":1,"a\\"b":2}', duplicate: 'a"b' },
  { name: 'value equal to a key', json: '{"a":"a","b":"a"}', duplicate: undefined },
  { name: 'string value with braces and commas', json: '{"a":"{\\"a\\":1,","b":1}', duplicate: undefined },
  { name: 'same key in sibling objects', json: '{"x":{"k":1},"y":{"k":2}}', duplicate: undefined },
  { name: 'duplicate inside a nested object', json: '{"x":{"k":1,"k":2}}', duplicate: 'k' },
  { name: 'objects inside an array are separate', json: '{"x":[{"k":1},{"k":2}]}', duplicate: undefined },
  { name: 'strings inside an array are not keys', json: '{"x":["k","k"],"k":1}', duplicate: undefined },
  { name: 'duplicate after a nested object closes', json: '{"a":{"b":1},"a":2}', duplicate: 'a' },
  { name: 'top-level array', json: '[{"a":1},{"a":1}]', duplicate: undefined },
  { name: 'deep nesting', json: `${'{"a":'.repeat(5000)}1${'}'.repeat(5000)}`, duplicate: undefined },
]

describe('findDuplicateKey', () => {
  it.each(CASES)('$name', ({ json, duplicate }) => {
    expect(() => JSON.parse(json)).not.toThrow()
    expect(findDuplicateKey(json)).toBe(duplicate)
  })
})
