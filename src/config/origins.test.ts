import { describe, expect, it } from 'vitest'
import { list, parseOrigins } from './origins'

describe('parseOrigins', () => {
  it('reads a comma-separated list of bare origins, blanks and spaces left out', () => {
    expect(parseOrigins(' https://shop.example.com, ,http://localhost:5173 ', 'CORS_ORIGINS').map((u) => u.origin)).toEqual([
      'https://shop.example.com',
      'http://localhost:5173',
    ])
    expect(parseOrigins(undefined, 'CORS_ORIGINS')).toEqual([])
  })

  it.each([
    ['*', 'CORS_ORIGINS must list bare origins; `*` is never allowed'],
    ['https://shop.example.com/app', 'CORS_ORIGINS entry "https://shop.example.com/app" must be a bare origin'],
    ['https://shop.example.com/', 'CORS_ORIGINS entry "https://shop.example.com/" must be a bare origin'],
    ['shop.example.com', 'CORS_ORIGINS entry "shop.example.com" must be a bare origin'],
  ])('refuses %j, naming the variable and the entry', (value, message) => {
    expect(() => parseOrigins(value, 'CORS_ORIGINS')).toThrow(message)
  })
})

describe('list', () => {
  it('trims entries and drops empty ones', () => {
    expect(list(' a, b ,,c ')).toEqual(['a', 'b', 'c'])
    expect(list('')).toEqual([])
  })
})
