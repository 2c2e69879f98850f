// `npm run deploy` refuses a wrangler.toml whose [env.production] still holds placeholders.
import { describe, expect, it } from 'vitest'
import { findPlaceholders, placeholderMessage } from '../scripts/lib/deploy-check.mjs'
import committed from '../wrangler.toml?raw'
import committedSync from '../wrangler.sync.toml?raw'

/** The committed file with every placeholder replaced, as an operator would fill it in. */
const filled = committed
  .replaceAll('REPLACE-WITH-YOUR-D1-DATABASE-ID', '4c2e1d6a-0b7e-4a51-9d0c-2f3b8e6a1c44')
  .replaceAll('REPLACE-WITH-YOUR-KV-NAMESPACE-ID', '0f4b8c2d6e1a4b3c9d7e5f2a1b0c3d4e')
  .replaceAll('example.com', 'myshop.de')

describe('the deploy check', () => {
  it('refuses the committed wrangler.sync.toml until its three ids are filled in, then passes it', () => {
    const ids = ['REPLACE-WITH-YOUR-D1-DATABASE-ID', 'REPLACE-WITH-YOUR-KV-NAMESPACE-ID', 'REPLACE-WITH-YOUR-HYPERDRIVE-ID']
    expect(findPlaceholders(committedSync).map((f) => f.text.match(/REPLACE-WITH-[A-Z0-9-]*/)?.[0])).toEqual(ids)
    const filledSync = ids.reduce((text, id, i) => text.replaceAll(id, `${i}f4b8c2d6e1a4b3c9d7e5f2a1b0c3d4e`), committedSync)
    expect(findPlaceholders(filledSync)).toEqual([])
  })

  it('refuses the committed wrangler.toml, naming every placeholder line of [env.production]', () => {
    const findings = findPlaceholders(committed)
    const texts = findings.map((f) => f.text).join('\n')
    for (const expected of [
      'shop.example.com/api/rest/v2/*',
      '/.well-known/oauth-authorization-server',
      '/.well-known/oauth-protected-resource',
      'JWT_ISSUER',
      'ORIGIN_URL',
      'CORS_ORIGINS',
      'REPLACE-WITH-YOUR-D1-DATABASE-ID',
      'REPLACE-WITH-YOUR-KV-NAMESPACE-ID',
    ]) {
      expect(texts).toContain(expected)
    }
    for (const f of findings) expect(committed.split('\n')[f.line - 1]).toContain(f.text)
    expect(placeholderMessage(findings)).toMatch(
      /^gatehouse: not deploying: \[env\.production\] in wrangler\.toml still holds placeholders or local-only settings:\n {2}wrangler\.toml:\d+ {2}/,
    )
  })

  it('passes the file once every placeholder is filled in (the local demo at the top level is not checked)', () => {
    expect(findPlaceholders(filled)).toEqual([])
    expect(placeholderMessage([])).toBeNull()
  })

  const ROWS: Array<{ name: string; replace: [string, string]; line: RegExp }> = [
    { name: 'the D1 id', replace: ['4c2e1d6a-0b7e-4a51-9d0c-2f3b8e6a1c44', 'REPLACE-WITH-YOUR-D1-DATABASE-ID'], line: /^database_id = / },
    { name: 'the KV id', replace: ['0f4b8c2d6e1a4b3c9d7e5f2a1b0c3d4e', 'REPLACE-WITH-YOUR-KV-NAMESPACE-ID'], line: /^id = / },
    { name: 'the issuer', replace: ['JWT_ISSUER = "https://shop.myshop.de/"', 'JWT_ISSUER = "https://shop.example.com/"'], line: /^JWT_ISSUER/ },
    { name: 'the origin', replace: ['ORIGIN_URL = "https://origin.shop.myshop.de"', 'ORIGIN_URL = "https://origin.Example.COM"'], line: /^ORIGIN_URL/ },
    { name: 'a route', replace: ['"shop.myshop.de/api/rest/v2/*"', '"shop.example.org/api/rest/v2/*"'], line: /rest\/v2/ },
  ]
  for (const row of ROWS) {
    it(`refuses ${row.name} left as a placeholder`, () => {
      const findings = findPlaceholders(filled.replace(...row.replace))
      expect(findings).toHaveLength(1)
      expect(findings[0]!.text).toMatch(row.line)
    })
  }

  it('ignores placeholders in comments and outside [env.production]', () => {
    const toml =
      '[vars]\nORIGIN_URL = "https://example.com"\n[env.production] # shop.example.com\nname = "x" # REPLACE-WITH-IT\n[env.production.vars]\nA = "#example.com"\n'
    expect(findPlaceholders(toml)).toEqual([{ line: 6, text: 'A = "#example.com"', hint: 'the example domain, not yours' }])
  })

  it.each([
    ['DEV_RATE_LIMIT = "1000"', "local only: production keeps the shop's rate limits"],
    ['DEMO_STOREFRONT = "on"', 'local only: the demo storefront and test hooks never run in production'],
    ["DEMO_HOOKS = 'on'", 'local only: the demo storefront and test hooks never run in production'],
  ])('refuses the local-only setting %s in [env.production.vars], not at the top level', (line, hint) => {
    const local = filled.replace('[vars]\n', `[vars]\n${line}\n`)
    expect(findPlaceholders(local)).toEqual([])
    const production = filled.replace('[env.production.vars]\n', `[env.production.vars]\n${line}\n`)
    expect(findPlaceholders(production)).toEqual([{ line: expect.any(Number), text: line, hint }])
  })

  it('passes DEMO_STOREFRONT and DEMO_HOOKS "off" in production, as committed', () => {
    expect(filled).toMatch(/\[env\.production\.vars\][^[]*DEMO_STOREFRONT = "off"[^[]*DEMO_HOOKS = "off"/)
    expect(findPlaceholders(filled)).toEqual([])
  })

  it('refuses a file without [env.production]', () => {
    expect(findPlaceholders('name = "gatehouse"\n')).toEqual([{ line: 0, text: '[env.production]', hint: 'the environment is missing' }])
  })
})
