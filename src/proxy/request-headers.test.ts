import { describe, expect, it } from 'vitest'
import { originRequestHeaders } from './request-headers'
import { customer, service } from '../../test/helpers/principals'

const customerOne = customer(1)
const catalogService = service(['products/all', 'categories/all'])

const url = new URL('https://gateway.example/api/rest/v2/products?page=2')

function outgoing(headers: Record<string, string> | Array<[string, string]>, principal = undefined as Parameters<typeof originRequestHeaders>[1]['principal']) {
  return originRequestHeaders(new Headers(headers), { url, principal })
}

// Each row: a header a client sends that must never reach the origin as sent.
const HOSTILE: Array<{ name: string; header: string; value: string }> = [
  { name: 'identity header, canonical case', header: 'X-Gatehouse-Subject', value: 'api_user_1' },
  { name: 'identity header, lower case', header: 'x-gatehouse-type', value: 'api_user' },
  { name: 'identity header, upper case', header: 'X-GATEHOUSE-PERMISSIONS', value: 'all' },
  { name: 'identity header, underscores', header: 'x_gatehouse_subject', value: 'api_user_1' },
  { name: 'identity header, mixed - and _', header: 'X-Gatehouse_Customer-Id', value: '2' },
  { name: 'identity header the gateway does not set today', header: 'X-Gatehouse-Admin', value: '1' },
  { name: 'X-Forwarded-For', header: 'X-Forwarded-For', value: '1.2.3.4' },
  { name: 'X-Forwarded-For, underscores', header: 'x_forwarded_for', value: '1.2.3.4' },
  { name: 'X-Forwarded-Proto', header: 'X-Forwarded-Proto', value: 'http' },
  { name: 'X-Forwarded-Host', header: 'X-FORWARDED-HOST', value: 'evil.example' },
  { name: 'X-Forwarded-Port', header: 'X-Forwarded-Port', value: '8443' },
  { name: 'X-Real-IP', header: 'X-Real-IP', value: '1.2.3.4' },
  { name: 'X-Real-IP, underscores', header: 'x_real_ip', value: '1.2.3.4' },
  { name: 'Forwarded', header: 'Forwarded', value: 'for=1.2.3.4;proto=http' },
  { name: 'True-Client-IP', header: 'True-Client-IP', value: '1.2.3.4' },
  { name: 'X-Original-URL (path override)', header: 'X-Original-URL', value: '/api/rest/v2/customers' },
  { name: 'X-Rewrite-URL (path override)', header: 'X-Rewrite-Url', value: '/api/rest/v2/customers' },
  { name: 'X-HTTP-Method-Override', header: 'X-HTTP-Method-Override', value: 'DELETE' },
  { name: 'X-HTTP-Method-Override, underscores', header: 'x_http_method_override', value: 'DELETE' },
  { name: 'X-Method-Override', header: 'X-Method-Override', value: 'PUT' },
  { name: 'X-HTTP-Method', header: 'X-HTTP-Method', value: 'DELETE' },
  { name: 'Keep-Alive', header: 'Keep-Alive', value: 'timeout=5' },
  { name: 'Proxy-Authorization', header: 'Proxy-Authorization', value: 'Basic Zm9vOmJhcg==' },
  { name: 'Proxy-Authenticate', header: 'Proxy-Authenticate', value: 'Basic' },
  { name: 'Proxy-Connection', header: 'Proxy-Connection', value: 'keep-alive' },
  { name: 'TE', header: 'TE', value: 'trailers' },
  { name: 'Trailer', header: 'Trailer', value: 'X-Checksum' },
  { name: 'Transfer-Encoding', header: 'Transfer-Encoding', value: 'chunked' },
  { name: 'Upgrade', header: 'Upgrade', value: 'websocket' },
  { name: 'Connection', header: 'Connection', value: 'close' },
  { name: 'Host', header: 'Host', value: 'internal-admin.example' },
  { name: "Proxy (httpoxy: PHP's HTTP_PROXY)", header: 'Proxy', value: 'http://evil.example:8080' },
  { name: 'Proxy, upper case', header: 'PROXY', value: 'http://evil.example:8080' },
  { name: 'X-Original-URI (path override)', header: 'X-Original-URI', value: '/api/rest/v2/customers' },
  { name: 'X-Original-URI, underscores', header: 'x_original_uri', value: '/api/rest/v2/customers' },
  { name: 'X-Rewrite-URL, underscores', header: 'X_REWRITE_URL', value: '/api/rest/v2/customers' },
  { name: 'X-HTTP-Host-Override', header: 'X-HTTP-Host-Override', value: 'internal-admin.example' },
  { name: 'X-HTTP-Host-Override, underscores', header: 'x_http_host_override', value: 'internal-admin.example' },
  { name: 'X-Url-Scheme', header: 'X-Url-Scheme', value: 'https' },
  { name: 'X-Url-Scheme, underscores', header: 'X_URL_SCHEME', value: 'https' },
  { name: 'X-Scheme', header: 'X-Scheme', value: 'https' },
  { name: 'X-Forwarded-Prefix (Symfony)', header: 'X-Forwarded-Prefix', value: '/admin' },
  { name: 'X-Demo-Status (demo shop test hook, not the demo shop)', header: 'X-Demo-Status', value: '200' },
  { name: 'X-Demo-Answer-Headers, underscores', header: 'x_demo_answer_headers', value: '{}' },
]

describe('originRequestHeaders: hostile client headers', () => {
  for (const row of HOSTILE) {
    it(`drops ${row.name} (${row.header})`, () => {
      const headers = outgoing({ [row.header]: row.value, Accept: 'application/json' })
      // Whatever survives under this spelling (case-insensitively) is the gateway's own value, never the client's.
      const values = [...headers].filter(([name]) => name.replaceAll('_', '-') === row.header.toLowerCase().replaceAll('_', '-')).map(([, v]) => v)
      expect(values).not.toContain(row.value)
      expect(headers.get('accept')).toBe('application/json')
    })
  }

  it('drops every header the Connection header names, in any spelling', () => {
    const headers = outgoing({ Connection: 'X-Secret, x_other', 'X-Secret': '1', 'X-Other': '2', 'X-Kept': '3' })
    expect([...headers.keys()].sort()).toEqual(['x-forwarded-host', 'x-forwarded-proto', 'x-kept'])
  })

  it('cannot use Connection to remove the headers the gateway sets', () => {
    const headers = outgoing({ Connection: 'X-Forwarded-For, X-Gatehouse-Subject', 'CF-Connecting-IP': '203.0.113.7' }, customerOne)
    expect(headers.get('x-forwarded-for')).toBe('203.0.113.7')
    expect(headers.get('x-gatehouse-subject')).toBe('customer_1')
  })

  it('replaces a client identity with the verified one, whatever spelling the client used', () => {
    const headers = outgoing(
      [
        ['x_gatehouse_subject', 'api_user_1'],
        ['X-GATEHOUSE-TYPE', 'api_user'],
        ['x-gatehouse_permissions', 'all'],
        ['X_Gatehouse_Customer_Id', '2'],
      ],
      customerOne,
    )
    expect(Object.fromEntries([...headers].filter(([n]) => n.startsWith('x-gatehouse') || n.startsWith('x_gatehouse')))).toEqual({
      'x-gatehouse-subject': 'customer_1',
      'x-gatehouse-type': 'customer',
      'x-gatehouse-customer-id': '1',
    })
  })
})

describe('originRequestHeaders: what the gateway sets', () => {
  it('sets X-Forwarded-For and X-Real-IP from CF-Connecting-IP, and proto/host from the URL', () => {
    const headers = outgoing({ 'CF-Connecting-IP': '203.0.113.7', 'X-Forwarded-For': '10.0.0.1, 10.0.0.2' })
    expect(headers.get('x-forwarded-for')).toBe('203.0.113.7')
    expect(headers.get('x-real-ip')).toBe('203.0.113.7')
    expect(headers.get('x-forwarded-proto')).toBe('https')
    expect(headers.get('x-forwarded-host')).toBe('gateway.example')
  })

  it('sets no client address at all when Cloudflare gave none (never the client-sent one)', () => {
    const headers = outgoing({ 'X-Forwarded-For': '1.2.3.4', 'X-Real-IP': '1.2.3.4' })
    expect(headers.has('x-forwarded-for')).toBe(false)
    expect(headers.has('x-real-ip')).toBe(false)
  })

  it('passes X-Demo-* test hooks only when told the origin is the demo shop', () => {
    const incoming = new Headers({ 'X-Demo-Status': '503', X_Demo_Delay_Ms: '10' })
    expect([...originRequestHeaders(incoming, { url, principal: undefined, demoHooks: true }).keys()].filter((n) => /demo/.test(n)).sort()).toEqual([
      'x-demo-status',
      'x_demo_delay_ms',
    ])
    expect([...originRequestHeaders(incoming, { url, principal: undefined }).keys()].filter((n) => /demo/.test(n))).toEqual([])
  })

  it('removes session cookies from every Cookie line (joined with ", " by the runtime), keeping the others', () => {
    const incoming = new Headers()
    incoming.append('Cookie', 'a=1; __Host-gh_access=x')
    incoming.append('Cookie', 'b=2; __Secure-gh_refresh=y')
    expect(originRequestHeaders(incoming, { url, principal: undefined }).get('cookie')).toBe('a=1; b=2')
    const only = new Headers()
    only.append('Cookie', 'theme=dark')
    only.append('Cookie', '__Host-gh_access=x')
    expect(originRequestHeaders(only, { url, principal: undefined }).get('cookie')).toBe('theme=dark')
  })

  it('forwards Authorization, cookies and ordinary headers unchanged', () => {
    const headers = outgoing({ Authorization: 'Bearer abc.def.ghi', Cookie: 'a=1', 'X-Store-Code': 'de', 'Content-Type': 'application/json' })
    expect(headers.get('authorization')).toBe('Bearer abc.def.ghi')
    expect(headers.get('cookie')).toBe('a=1')
    expect(headers.get('x-store-code')).toBe('de')
    expect(headers.get('content-type')).toBe('application/json')
  })

  it('adds no identity headers without a principal', () => {
    const headers = outgoing({ Accept: '*/*' })
    expect([...headers.keys()].filter((n) => n.startsWith('x-gatehouse'))).toEqual([])
  })

  it('describes a customer by subject, type and customer id', () => {
    const headers = outgoing({}, customerOne)
    expect(headers.get('x-gatehouse-subject')).toBe('customer_1')
    expect(headers.get('x-gatehouse-type')).toBe('customer')
    expect(headers.get('x-gatehouse-customer-id')).toBe('1')
    expect(headers.has('x-gatehouse-permissions')).toBe(false)
  })

  it('describes a service account by subject, type and comma-separated permissions', () => {
    const headers = outgoing({}, catalogService)
    expect(headers.get('x-gatehouse-subject')).toBe('api_user_9')
    expect(headers.get('x-gatehouse-type')).toBe('api_user')
    expect(headers.get('x-gatehouse-permissions')).toBe('products/all,categories/all')
    expect(headers.has('x-gatehouse-customer-id')).toBe(false)
  })
})
