import { describe, expect, it } from 'vitest'
import { emailKey, emailKeys, sameEmail } from './email-key'

describe("emailKey: the shop database's reading of an email", () => {
  const rows: Array<{ name: string; input: string; key: string }> = [
    { name: 'mixed case', input: 'Kim.Doe@Example.COM', key: 'kim.doe@example.com' },
    { name: 'KELVIN SIGN', input: '\u212Aim@example.com', key: 'kim@example.com' },
    { name: 'full-width letters', input: '\uFF2B\uFF49\uFF4D@example.com', key: 'kim@example.com' },
    { name: 'trailing spaces (PAD SPACE)', input: 'kim@example.com   ', key: 'kim@example.com' },
    { name: 'leading spaces count', input: ' kim@example.com', key: ' kim@example.com' },
    { name: 'ß expands to ss', input: 'Straße@example.com', key: 'strasse@example.com' },
    { name: 'capital ẞ expands to ss', input: 'STRAẞE@example.com', key: 'strasse@example.com' },
    { name: 'accents dropped (precomposed)', input: 'Ren\u00E9@example.com', key: 'rene@example.com' },
    { name: 'accents dropped (combining)', input: 'Rene\u0301@example.com', key: 'rene@example.com' },
    { name: 'æ expands to ae', input: 'æther@example.com', key: 'aether@example.com' },
    { name: 'ligature ﬁ', input: '\uFB01n@example.com', key: 'fin@example.com' },
  ]
  for (const row of rows) {
    it(row.name, () => {
      expect(emailKey(row.input)).toBe(row.key)
    })
  }

  it('emailKeys gives both readings of ß (unicode_ci: ss, general_ci: s)', () => {
    expect(emailKeys('straße@example.com')).toEqual(['strasse@example.com', 'strase@example.com'])
    expect(emailKeys('kim@example.com')).toEqual(['kim@example.com'])
  })

  it('sameEmail', () => {
    expect(sameEmail('\u212Aim@example.com', 'KIM@example.com ')).toBe(true)
    expect(sameEmail('kim@example.com', 'kym@example.com')).toBe(false)
  })
})
