import { describe, expect, it } from 'vitest'
import { hasPhpParameter, phpParameterName } from './php-parameter-name'

// What PHP's query parser makes of a (decoded) parameter name, lower-cased.
const NAMES: Array<{ input: string; php: string }> = [
  { input: '_method', php: '_method' },
  { input: '_METHOD', php: '_method' },
  { input: '.method', php: '_method' },
  { input: ' method', php: 'method' },
  { input: '  _method', php: '_method' },
  { input: ' .method', php: '_method' },
  { input: '_method[]', php: '_method' },
  { input: '_method[x][y]', php: '_method' },
  { input: '_method[', php: '_method_' },
  { input: 'access.token', php: 'access_token' },
  { input: 'access token', php: 'access_token' },
  { input: 'jwt[0]', php: 'jwt' },
  { input: 'access[token', php: 'access_token' },
  { input: 'access[tok.en', php: 'access_tok.en' },
  { input: '_method\0', php: '_method' },
  { input: '_method\0x', php: '_method' },
  { input: ' _method\0[x', php: '_method' },
  { input: 'jwt\0.', php: 'jwt' },
  { input: '\0_method', php: '' },
  { input: '_method[\0]', php: '_method_' },
  { input: 'x_method', php: 'x_method' },
  { input: '', php: '' },
]

describe('phpParameterName', () => {
  for (const row of NAMES) {
    it(`reads ${JSON.stringify(row.input)} as ${JSON.stringify(row.php)}`, () => {
      expect(phpParameterName(row.input)).toBe(row.php)
    })
  }

  it('finds a name among several parameters, decoding the query first', () => {
    const names = new Set(['_method'])
    expect(hasPhpParameter(new URLSearchParams('a=1&%5Fmethod=PUT'), names)).toBe(true)
    expect(hasPhpParameter(new URLSearchParams('a=1&+_method=PUT'), names)).toBe(true)
    expect(hasPhpParameter(new URLSearchParams('a=_method&method=PUT'), names)).toBe(false)
  })
})
