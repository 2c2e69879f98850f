import { describe, expect, it } from 'vitest'
import { rangeKey, seenCount } from './range'

describe('rangeKey', () => {
  it('splits the upper-case SHA-1 into 5 + 35 hex characters', async () => {
    // SHA-1("password") = 5BAA61E4C9B93F3F0682250B6CF8331B7EE68FD8, the range API's own example.
    expect(await rangeKey('password')).toEqual({ prefix: '5BAA6', suffix: '1E4C9B93F3F0682250B6CF8331B7EE68FD8' })
  })
})

describe('seenCount', () => {
  const SUFFIX = '1E4C9B93F3F0682250B6CF8331B7EE68FD8'
  const cases: { name: string; answer: string; count?: number }[] = [
    {
      name: 'a CRLF answer holding the suffix',
      answer: `0018A45C4D1DEF81644B54AB7F969B88D65:10\r\n${SUFFIX}:9659365\r\n00D4F6E8FA6EECAD2A3AA415EEC418D38EC:2`,
      count: 9659365,
    },
    { name: 'lower-case hex', answer: `${SUFFIX.toLowerCase()}:3`, count: 3 },
    { name: 'an answer without it', answer: '0018A45C4D1DEF81644B54AB7F969B88D65:10', count: 0 },
    { name: 'a padding line of count 0 for it', answer: `${SUFFIX}:0`, count: 0 },
    { name: 'a trailing newline', answer: `${SUFFIX}:1\r\n`, count: 1 },
    { name: 'empty', answer: '' },
    { name: 'an HTML error page', answer: '<html><body>Service Unavailable</body></html>' },
    { name: 'a truncated line', answer: `${SUFFIX}:12\r\n0018A45C4D1DEF81644B` },
    { name: 'a negative count', answer: `${SUFFIX}:-1` },
    { name: 'JSON', answer: '{"count": 1}' },
    { name: 'far too many lines', answer: `${SUFFIX}:1\n`.repeat(10_001) },
  ]
  for (const { name, answer, count } of cases) {
    it(`${count === undefined ? 'refuses' : 'reads'} ${name}`, () => {
      expect(seenCount(answer, SUFFIX)).toEqual(count === undefined ? { ok: false, reason: expect.any(String) } : { ok: true, value: count })
    })
  }
})
