// Headers only the gateway may set, in every spelling a client might try (any case, `_` for `-`,
// which PHP reads as the same $_SERVER key): the origin must never see the client's value.
import { describe, expect, it } from 'vitest'
import { call } from '../helpers/http'
import { bearer, customerClaims, mint } from '../helpers/tokens'

interface Echo {
  method: string
  path: string
  receivedHeaders: Record<string, string>
}

const SPELLINGS: Record<string, string[]> = {
  'X-Gatehouse-Subject': ['X-Gatehouse-Subject', 'x-gatehouse-subject', 'X_GATEHOUSE_SUBJECT', 'x_Gatehouse-subject'],
  'X-Gatehouse-Type': ['X-GATEHOUSE-TYPE', 'x_gatehouse_type'],
  'X-Gatehouse-Customer-Id': ['X-Gatehouse-Customer-Id', 'x_gatehouse_customer_id', 'X-GATEHOUSE-CUSTOMER_ID'],
  'X-Gatehouse-Permissions': ['X-Gatehouse-Permissions', 'X_GATEHOUSE_PERMISSIONS'],
  'X-Forwarded-For': ['X-Forwarded-For', 'x-forwarded-for', 'X_FORWARDED_FOR', 'x_forwarded-for'],
  'X-Forwarded-Host': ['X-Forwarded-Host', 'X_FORWARDED_HOST'],
  'X-Forwarded-Proto': ['X-FORWARDED-PROTO', 'x_forwarded_proto'],
  'X-Real-IP': ['X-Real-IP', 'x-real-ip', 'X_REAL_IP'],
  Forwarded: ['Forwarded', 'FORWARDED', 'forwarded'],
  'X-HTTP-Method-Override': ['X-HTTP-Method-Override', 'x-http-method-override', 'X_HTTP_METHOD_OVERRIDE'],
  'X-Method-Override': ['X-Method-Override', 'X_METHOD_OVERRIDE'],
  'X-HTTP-Method': ['X-HTTP-Method', 'x_http_method'],
  'X-Original-URL': ['X-Original-URL', 'x-original-url', 'X_ORIGINAL_URL'],
  'X-Rewrite-URL': ['X-Rewrite-URL', 'X_REWRITE_URL'],
  'True-Client-IP': ['True-Client-IP', 'TRUE_CLIENT_IP'],
  'X-Client-IP': ['X-Client-IP', 'x_client_ip'],
  // Client-address, host and scheme headers PHP frameworks and proxies trust (Symfony's trusted
  // proxy headers, the $_SERVER keys Maho's remote_addr_headers and offloader header read).
  'Client-IP': ['Client-IP', 'client_ip', 'CLIENT-IP'],
  'Fastly-Client-IP': ['Fastly-Client-IP', 'FASTLY_CLIENT_IP'],
  'X-Cluster-Client-IP': ['X-Cluster-Client-IP', 'x_cluster_client_ip'],
  'X-ProxyUser-Ip': ['X-ProxyUser-Ip', 'X_PROXYUSER_IP'],
  'X-Original-Forwarded-For': ['X-Original-Forwarded-For', 'x_original_forwarded_for'],
  'X-Originating-IP': ['X-Originating-IP', 'X_ORIGINATING_IP'],
  'X-Remote-IP': ['X-Remote-IP', 'x_remote_ip'],
  'X-Remote-Addr': ['X-Remote-Addr', 'X_REMOTE_ADDR'],
  'X-Original-Host': ['X-Original-Host', 'X_ORIGINAL_HOST'],
  'X-Host': ['X-Host', 'x_host'],
  'X-Forwarded-Server': ['X-Forwarded-Server', 'X_FORWARDED_SERVER'],
  'X-Forwarded-Port': ['X-Forwarded-Port', 'x_forwarded_port'],
  'X-Forwarded-Prefix': ['X-Forwarded-Prefix', 'X_FORWARDED_PREFIX'],
  'X-Forwarded-Ssl': ['X-Forwarded-Ssl', 'x_forwarded_ssl'],
  'Ssl-Offloaded': ['Ssl-Offloaded', 'SSL_OFFLOADED', 'ssl-offloaded'],
  'Front-End-Https': ['Front-End-Https', 'FRONT_END_HTTPS'],
  'CF-Connecting-IP (underscore spelling)': ['CF_Connecting_IP', 'cf_connecting-ip'],
  // httpoxy: PHP exposes a `Proxy` header as $_SERVER['HTTP_PROXY'], which HTTP clients read as
  // their outbound proxy.
  Proxy: ['Proxy', 'PROXY', 'proxy'],
  // Request-target overrides frameworks and rewrite modules route on (IIS/Zend/Laminas X-Original-URL
  // and X-Rewrite-URL above; nginx's X-Original-URI), and host or scheme overrides.
  'X-Original-URI': ['X-Original-URI', 'x-original-uri', 'X_ORIGINAL_URI'],
  'X-HTTP-Host-Override': ['X-HTTP-Host-Override', 'x_http_host_override', 'X-HTTP-HOST-OVERRIDE'],
  'X-Url-Scheme': ['X-Url-Scheme', 'X_URL_SCHEME', 'x-url-scheme'],
  'X-Scheme': ['X-Scheme', 'x_scheme'],
  'X-Rewrite-URL (Symfony spelling)': ['X-Rewrite-Url', 'x_rewrite_url'],
  'X-Original-URL (Symfony spelling)': ['X-Original-Url', 'x_original_Url'],
}
const ROWS = Object.entries(SPELLINGS).flatMap(([header, spellings]) => spellings.map((spelling) => ({ header, spelling })))

describe('the origin never sees a client-sent gateway header, in any spelling', () => {
  for (const who of ['anonymous', 'customer 1'] as const) {
    for (const { header, spelling } of ROWS) {
      it(`${spelling} (${header}) from ${who}`, async () => {
        const spoofed = `spoofed-${crypto.randomUUID()}`
        const headers = new Headers(who === 'anonymous' ? {} : bearer(await mint(customerClaims(1))))
        headers.set(spelling, header.includes('Method') ? 'DELETE' : /UR[LI]/.test(header) ? `/api/rest/v2/customers?${spoofed}` : spoofed)
        headers.set('CF-Connecting-IP', '198.51.100.7')
        const res = await call('/products', { headers })
        expect(res.status).toBe(200)
        const echo = await res.json<Echo>()
        expect(echo).toMatchObject({ method: 'GET', path: '/api/rest/v2/products' })
        expect(JSON.stringify(echo.receivedHeaders)).not.toContain(spoofed)
        expect(Object.keys(echo.receivedHeaders).filter((name) => /[_]/.test(name))).toEqual([])
        expect(echo.receivedHeaders['x-forwarded-for']).toBe('198.51.100.7')
        expect(echo.receivedHeaders['x-real-ip']).toBe('198.51.100.7')
        expect(echo.receivedHeaders).not.toHaveProperty('x-http-method-override')
        expect(echo.receivedHeaders).not.toHaveProperty('x-original-url')
        expect(echo.receivedHeaders['x-gatehouse-subject']).toBe(who === 'anonymous' ? undefined : 'customer_1')
      })
    }
  }

  it('drops a header the client names in Connection, and the hop-by-hop ones', async () => {
    const res = await call('/products', {
      headers: { Connection: 'X-Secret, close', 'X-Secret': 'for-the-next-hop-only', 'Proxy-Authorization': 'Basic eDp5', 'Keep-Alive': 'timeout=5' },
    })
    const { receivedHeaders } = await res.json<Echo>()
    expect(Object.keys(receivedHeaders).filter((name) => ['x-secret', 'proxy-authorization', 'keep-alive', 'connection'].includes(name))).toEqual([])
  })
})
