// Cookies as the runtime joins them: two `Cookie` header lines reach the Worker as one value joined
// with `, ` (workerd's Headers append). A session cookie on any line is verified or refused, never
// forwarded to the shop, and keeps the request away from the edge cache.
import { describe, expect, it } from 'vitest'
import { ANSWERS } from '../helpers/answers'
import { call } from '../helpers/http'
import { originHits } from '../helpers/origin'
import { customerClaims, mint } from '../helpers/tokens'
import { catalogue } from '../cache/helpers'

/** Request headers carrying two Cookie lines, as a client sending the header twice does. */
function twoLines(first: string, second: string): Headers {
  const headers = new Headers()
  headers.append('Cookie', first)
  headers.append('Cookie', second)
  return headers
}

interface Echo {
  receivedHeaders: Record<string, string>
}

describe('a session cookie on a second Cookie line', () => {
  it('the runtime joins the lines with ", "', () => {
    expect(twoLines('a=1', 'b=2').get('cookie')).toBe('a=1, b=2')
  })

  const ROWS: Array<{ name: string; first: string; second: () => Promise<string>; status: number; body?: unknown }> = [
    { name: 'a forged access cookie', first: 'theme=dark', second: async () => '__Host-gh_access=forged', status: 401, body: ANSWERS.invalidToken },
    { name: 'a valid access cookie', first: 'theme=dark', second: async () => `__Host-gh_access=${await mint(customerClaims(1))}`, status: 200 },
    {
      name: 'the access cookie on both lines',
      first: '__Host-gh_access=one',
      second: async () => '__Host-gh_access=two',
      status: 401,
      body: ANSWERS.invalidToken,
    },
    { name: 'a refresh cookie, no access cookie', first: 'theme=dark', second: async () => '__Secure-gh_refresh=ghr_x', status: 401, body: ANSWERS.noToken },
  ]
  for (const row of ROWS) {
    it(`${row.name}: ${row.status}, never forwarded`, async () => {
      const res = await call('/customers/me', { headers: twoLines(row.first, await row.second()) })
      expect(res.status).toBe(row.status)
      if (row.body) expect(await res.json()).toEqual(row.body)
      else {
        const { receivedHeaders } = await res.json<Echo>()
        expect(receivedHeaders.cookie).toBe('theme=dark')
        expect(receivedHeaders['x-gatehouse-subject']).toBe('customer_1')
      }
    })
  }

  it('a refresh cookie on a second line never reaches the shop of a public route', async () => {
    const res = await call('/products?lines=refresh', { headers: twoLines('theme=dark', '__Secure-gh_refresh=ghr_x') })
    expect(res.status).toBe(200)
    expect(JSON.stringify((await res.json<Echo>()).receivedHeaders)).not.toContain('gh_')
  })

  it('a session cookie on a second line keeps the answer out of the cache', async () => {
    const item = catalogue()
    const token = await mint(customerClaims(1))
    const first = await item.get({ headers: twoLines('theme=dark', `__Host-gh_access=${token}`) })
    expect(first.cache).toBe('BYPASS')
    const anonymous = await item.get()
    expect(anonymous.cache).toBe('MISS')
    expect(await originHits(item.probe)).toBe(2)
  })
})
