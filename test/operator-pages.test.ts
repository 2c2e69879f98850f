import { describe, expect, it } from 'vitest'
import { EVENT_KINDS } from '../src/events/kinds'
import { ANSWERS } from './helpers/answers'
import { BASE, call } from './helpers/http'
import { callWith } from './helpers/gateway-env'

describe('the local pages (OPERATOR_PAGE=on in the local config)', () => {
  it('/ is a small page linking the API, the storefront, the operator page, health and the OpenAPI document', async () => {
    const res = await call(`${BASE}/`)
    expect(res.status).toBe(200)
    expect(res.headers.get('Content-Type')).toMatch(/^text\/html/)
    const html = await res.text()
    for (const link of ['/ops/', '/demo/storefront', '/api/rest/v2/auth/health', '/api/rest/v2/auth/openapi.json', '/api/rest/v2/products'])
      expect(html).toContain(`href="${link}"`)
    expect(html).toContain('X-Request-Id')
    expect(res.headers.get('Content-Security-Policy')).toContain("script-src 'self'")
    expect(res.headers.get('X-Frame-Options')).toBe('DENY')
    expect(res.headers.get('Cache-Control')).toBe('no-store')
  })

  it('/ops/ serves the operator page and its script', async () => {
    const page = await call(`${BASE}/ops/`)
    expect(page.status).toBe(200)
    expect(await page.text()).toContain('<script src="/ops/ops.js"')
    const script = await call(`${BASE}/ops/ops.js`)
    expect(script.status).toBe(200)
    expect(script.headers.get('Content-Type')).toMatch(/javascript/)
    // The page is a static asset and cannot import src/: its filter lists the trail's kinds by hand,
    // exactly those of src/events/kinds.ts, in the same order.
    const kinds = /const KINDS = \[([^\]]*)\]/.exec(await script.text())?.[1]
    expect(kinds?.match(/'[a-z_]+'/g)?.map((kind) => kind.slice(1, -1))).toEqual([...EVENT_KINDS])
  })

  it('a file that does not exist is the usual 404', async () => {
    const res = await call(`${BASE}/ops/nothing-here.js`)
    expect(res.status).toBe(404)
    expect(await res.json()).toEqual(ANSWERS.notFound)
  })
})

describe('off unless OPERATOR_PAGE=on (production sets off)', () => {
  for (const value of ['off', undefined]) {
    it(`OPERATOR_PAGE=${value}: / and /ops/ are 404`, async () => {
      for (const path of [`${BASE}/`, `${BASE}/ops/`, `${BASE}/ops/ops.js`]) {
        const res = await callWith({ OPERATOR_PAGE: value }, path)
        expect(res.status).toBe(404)
        expect(await res.json()).toEqual(ANSWERS.notFound)
      }
    })
  }

  it('a bad value fails loudly (500, config_error), never silently on', async () => {
    const res = await callWith({ OPERATOR_PAGE: 'yes' }, `${BASE}/ops/`)
    expect(res.status).toBe(500)
  })
})
