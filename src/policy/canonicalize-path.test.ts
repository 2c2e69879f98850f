import { describe, expect, it } from 'vitest'
import { customer } from '../../test/helpers/principals'
import { apiRelativePath } from './api-path'
import { authorize } from './authorize'
import { canonicalizePath, type PathProblem } from './canonicalize-path'
import { routeMatcher } from './route-matcher'

const P = '/api/rest/v2'

const HOSTILE: { name: string; input: string; problem: PathProblem }[] = [
  { name: 'raw .. segment', input: `${P}/customers/../customers`, problem: 'dot_segment' },
  { name: 'raw . segment', input: `${P}/./customers`, problem: 'dot_segment' },
  { name: 'trailing raw ..', input: `${P}/customers/me/..`, problem: 'dot_segment' },
  { name: '%2e%2e', input: `${P}/customers/%2e%2e/orders`, problem: 'dot_segment' },
  { name: '%2E%2E upper case', input: `${P}/customers/%2E%2E/orders`, problem: 'dot_segment' },
  { name: '.%2e', input: `${P}/customers/.%2e/orders`, problem: 'dot_segment' },
  { name: '%2e.', input: `${P}/customers/%2e./orders`, problem: 'dot_segment' },
  { name: 'single %2e', input: `${P}/%2e/customers`, problem: 'dot_segment' },
  { name: '%2f', input: `${P}/customers%2fme`, problem: 'encoded_slash' },
  { name: '%2F', input: `${P}/customers%2Fme`, problem: 'encoded_slash' },
  { name: '%2e%2e%2f traversal', input: `${P}/customers/me/%2e%2e%2f%2e%2e%2fcustomers`, problem: 'encoded_slash' },
  { name: '%5c', input: `${P}/customers%5cme`, problem: 'encoded_backslash' },
  { name: '%5C', input: `${P}/customers%5Cme`, problem: 'encoded_backslash' },
  { name: 'raw backslash', input: `${P}/customers\\me`, problem: 'backslash' },
  { name: 'raw backslash traversal', input: `${P}/customers/me\\..\\..\\customers`, problem: 'backslash' },
  { name: '%00', input: `${P}/customers/me%00`, problem: 'control_character' },
  { name: '%0a', input: `${P}/customers/me%0a`, problem: 'control_character' },
  { name: '%0D', input: `${P}/customers/me%0D`, problem: 'control_character' },
  { name: '%1f', input: `${P}/customers/me%1f`, problem: 'control_character' },
  { name: '%7f', input: `${P}/customers/me%7f`, problem: 'control_character' },
  { name: 'encoded C1 control (NEL)', input: `${P}/customers/me%c2%85`, problem: 'control_character' },
  { name: 'raw NUL', input: `${P}/customers/me\u0000`, problem: 'control_character' },
  { name: 'raw tab', input: `${P}/customers/m\te`, problem: 'control_character' },
  { name: 'raw DEL', input: `${P}/customers/me\u007f`, problem: 'control_character' },
  { name: '%zz', input: `${P}/customers/%zz`, problem: 'bad_percent_encoding' },
  { name: 'truncated %4', input: `${P}/customers/%4`, problem: 'bad_percent_encoding' },
  { name: 'lone % at the end', input: `${P}/customers/me%`, problem: 'bad_percent_encoding' },
  { name: '%%41', input: `${P}/customers/%%41`, problem: 'bad_percent_encoding' },
  { name: '%-1 (sign is not hex)', input: `${P}/customers/%-1`, problem: 'bad_percent_encoding' },
  { name: 'overlong slash %c0%af', input: `${P}/customers%c0%afme`, problem: 'invalid_utf8' },
  { name: 'overlong dot %c0%ae%c0%ae', input: `${P}/customers/%c0%ae%c0%ae/orders`, problem: 'invalid_utf8' },
  { name: 'overlong three-byte slash %e0%80%af', input: `${P}/customers%e0%80%afme`, problem: 'invalid_utf8' },
  { name: 'surrogate %ed%a0%80', input: `${P}/customers/%ed%a0%80`, problem: 'invalid_utf8' },
  { name: 'lone continuation byte %80', input: `${P}/customers/%80`, problem: 'invalid_utf8' },
  { name: 'truncated sequence %c3', input: `${P}/customers/%c3`, problem: 'invalid_utf8' },
  { name: 'sequence broken by a raw byte %c3x', input: `${P}/customers/%c3x`, problem: 'invalid_utf8' },
  { name: 'five-byte form %f8%88%80%80%80', input: `${P}/customers/%f8%88%80%80%80`, problem: 'invalid_utf8' },
  { name: 'beyond U+10FFFF %f4%90%80%80', input: `${P}/customers/%f4%90%80%80`, problem: 'invalid_utf8' },
  { name: 'matrix parameter ;', input: `${P}/customers/me;jsessionid=1`, problem: 'matrix_parameter' },
  { name: 'matrix parameter on a static segment', input: `${P}/customers;x=1/me`, problem: 'matrix_parameter' },
  { name: 'bare ;', input: `${P}/customers/;/me`, problem: 'matrix_parameter' },
  { name: 'encoded ; %3b', input: `${P}/customers/me%3bx`, problem: 'matrix_parameter' },
  { name: 'double-encoded slash %252f', input: `${P}/customers%252fme`, problem: 'double_encoding' },
  { name: 'double-encoded dots %252e%252e', input: `${P}/customers/%252e%252e/orders`, problem: 'double_encoding' },
  { name: 'double encoding split %25%32%66', input: `${P}/customers%25%32%66me`, problem: 'double_encoding' },
  { name: 'double-encoded NUL %2500', input: `${P}/customers/me%2500`, problem: 'double_encoding' },
  { name: 'empty segment //', input: `${P}//customers`, problem: 'empty_segment' },
  { name: 'empty segment inside', input: `${P}/customers//me`, problem: 'empty_segment' },
  { name: 'fullwidth solidus U+FF0F', input: `${P}/customers%EF%BC%8Fme`, problem: 'unicode_lookalike' },
  { name: 'fullwidth reverse solidus U+FF3C', input: `${P}/customers%EF%BC%BCme`, problem: 'unicode_lookalike' },
  { name: 'fullwidth full stops', input: `${P}/customers/%EF%BC%8E%EF%BC%8E/orders`, problem: 'unicode_lookalike' },
  { name: 'two dot leader U+2025', input: `${P}/customers/%E2%80%A5/orders`, problem: 'unicode_lookalike' },
  { name: 'fullwidth semicolon U+FF1B', input: `${P}/customers/me%EF%BC%9Bx`, problem: 'unicode_lookalike' },
  { name: 'fullwidth percent U+FF05', input: `${P}/customers/%EF%BC%852f`, problem: 'unicode_lookalike' },
  { name: 'raw space', input: `${P}/customers/m e`, problem: 'illegal_character' },
  { name: 'raw non-ASCII', input: `${P}/customers/é`, problem: 'illegal_character' },
  { name: 'raw |', input: `${P}/customers/a|b`, problem: 'illegal_character' },
  { name: 'raw [ ]', input: `${P}/customers/[1]`, problem: 'illegal_character' },
  { name: 'raw ?', input: `${P}/customers/me?x`, problem: 'illegal_character' },
  { name: 'raw #', input: `${P}/customers/me#x`, problem: 'illegal_character' },
  { name: 'no leading slash', input: 'api/rest/v2/customers/me', problem: 'not_absolute' },
  { name: 'empty', input: '', problem: 'not_absolute' },
]

const BENIGN: { name: string; input: string; output: string }[] = [
  { name: 'a collection', input: `${P}/products`, output: `${P}/products` },
  { name: 'an id', input: `${P}/products/12`, output: `${P}/products/12` },
  { name: 'the root', input: '/', output: '/' },
  { name: 'a trailing slash (kept; no rule matches it)', input: `${P}/customers/me/`, output: `${P}/customers/me/` },
  { name: 'a multi-segment media path', input: `${P}/media/catalog/product/a/b.jpg`, output: `${P}/media/catalog/product/a/b.jpg` },
  { name: 'unreserved punctuation', input: `${P}/products/sku-1_2.3~4`, output: `${P}/products/sku-1_2.3~4` },
  { name: 'sub-delims, : and @', input: `${P}/products/a!$&'()*+,=:@b`, output: `${P}/products/a!$&'()*+,=:@b` },
  { name: 'three dots is not a dot segment', input: `${P}/products/...`, output: `${P}/products/...` },
  { name: 'a dot inside a segment', input: `${P}/media/a.b.jpg`, output: `${P}/media/a.b.jpg` },
  { name: 'encoded m decoded (%6De)', input: `${P}/customers/%6De`, output: `${P}/customers/me` },
  { name: 'all encoded (%6d%65)', input: `${P}/customers/%6d%65`, output: `${P}/customers/me` },
  { name: 'every unreserved kind decoded', input: `${P}/products/%41%7a%30%2d%2e%5f%7e`, output: `${P}/products/Az0-._~` },
  { name: 'an encoded dot inside a segment', input: `${P}/media/a%2ejpg`, output: `${P}/media/a.jpg` },
  { name: 'an encoded static segment', input: `${P}/%63ustomers/me`, output: `${P}/customers/me` },
  { name: 'an encoded space stays encoded', input: `${P}/products/m%20e`, output: `${P}/products/m%20e` },
  { name: 'lower-case hex is upper-cased', input: `${P}/products/%c3%a9`, output: `${P}/products/%C3%A9` },
  { name: 'upper-case UTF-8 unchanged', input: `${P}/products/%C3%A9t%C3%A9`, output: `${P}/products/%C3%A9t%C3%A9` },
  { name: 'an ellipsis is not a dot segment', input: `${P}/products/%e2%80%a6`, output: `${P}/products/%E2%80%A6` },
  { name: 'a four-byte character', input: `${P}/products/%F0%9F%98%80`, output: `${P}/products/%F0%9F%98%80` },
  { name: 'a literal percent sign', input: `${P}/products/100%25off`, output: `${P}/products/100%25off` },
  { name: 'an encoded plus stays encoded', input: `${P}/products/a%2bb`, output: `${P}/products/a%2Bb` },
  { name: 'an encoded colon stays encoded', input: `${P}/products/a%3Ab`, output: `${P}/products/a%3Ab` },
  { name: 'an encoded ? and # stay encoded', input: `${P}/products/a%3Fb%23c`, output: `${P}/products/a%3Fb%23c` },
  { name: 'a BOM is kept, not dropped', input: `${P}/customers/%EF%BB%BFme`, output: `${P}/customers/%EF%BB%BFme` },
  { name: 'a case variant of the prefix passes (it just matches nothing)', input: '/API/rest/v2/products', output: '/API/rest/v2/products' },
]

describe('canonicalizePath refuses', () => {
  it.each(HOSTILE)('$name: $problem', ({ input, problem }) => {
    expect(canonicalizePath(input)).toEqual({ ok: false, reason: problem })
  })
})

describe('canonicalizePath accepts', () => {
  it.each(BENIGN)('$name', ({ input, output }) => {
    expect(canonicalizePath(input)).toEqual({ ok: true, value: output })
  })

  it('is idempotent on everything it accepts', () => {
    for (const { output } of BENIGN) expect(canonicalizePath(output)).toEqual({ ok: true, value: output })
  })
})

// What the Workers runtime hands over: request.url goes through the WHATWG URL parser first, which
// resolves literal and %2e dot segments, turns \ into /, drops tabs and newlines and encodes spaces.
describe('after the runtime’s WHATWG URL parser', () => {
  const cases: { target: string; pathname: string; result: ReturnType<typeof canonicalizePath> }[] = [
    { target: `${P}/customers/%2e%2e/customers`, pathname: `${P}/customers`, result: { ok: true, value: `${P}/customers` } },
    { target: `${P}/customers/.%2E/customers`, pathname: `${P}/customers`, result: { ok: true, value: `${P}/customers` } },
    { target: `${P}/customers/me/../../customers`, pathname: `${P}/customers`, result: { ok: true, value: `${P}/customers` } },
    { target: `${P}/customers\\..\\customers`, pathname: `${P}/customers`, result: { ok: true, value: `${P}/customers` } },
    { target: `${P}/customers/m\te`, pathname: `${P}/customers/me`, result: { ok: true, value: `${P}/customers/me` } },
    { target: `${P}/customers/m e`, pathname: `${P}/customers/m%20e`, result: { ok: true, value: `${P}/customers/m%20e` } },
    { target: `${P}/customers/é`, pathname: `${P}/customers/%C3%A9`, result: { ok: true, value: `${P}/customers/%C3%A9` } },
    { target: `${P}/customers%2f..%2fcustomers`, pathname: `${P}/customers%2f..%2fcustomers`, result: { ok: false, reason: 'encoded_slash' } },
    { target: `${P}/customers/me;x=1`, pathname: `${P}/customers/me;x=1`, result: { ok: false, reason: 'matrix_parameter' } },
    { target: `${P}/customers/me%00`, pathname: `${P}/customers/me%00`, result: { ok: false, reason: 'control_character' } },
    { target: `${P}//customers`, pathname: `${P}//customers`, result: { ok: false, reason: 'empty_segment' } },
    { target: `${P}/customers/me%2e%2e`, pathname: `${P}/customers/me%2e%2e`, result: { ok: true, value: `${P}/customers/me..` } },
    { target: `${P}/customers/a|b`, pathname: `${P}/customers/a|b`, result: { ok: false, reason: 'illegal_character' } },
    { target: `${P}/customers/%6De`, pathname: `${P}/customers/%6De`, result: { ok: true, value: `${P}/customers/me` } },
  ]
  it.each(cases)('$target', ({ target, pathname, result }) => {
    const parsed = new URL(`http://gatehouse.test${target}`).pathname
    expect(parsed).toBe(pathname)
    expect(canonicalizePath(parsed)).toEqual(result)
  })
})

// The whole pure pipeline for a customer (id 42) aiming at admin or foreign data through path tricks:
// each variant is refused (400), unknown (404), or decided on the rule its canonical path names.
describe('hostile variants never reach an admin route as a customer', () => {
  const outcome = (method: string, raw: string): string => {
    const canonical = canonicalizePath(raw)
    if (!canonical.ok) return `400 ${canonical.reason}`
    const apiPath = apiRelativePath(canonical.value)
    if (apiPath === null) return '404 outside the API'
    const m = routeMatcher().match(method, apiPath)
    if (m.kind === 'not_found') return '404'
    if (m.kind === 'method_not_allowed') return `405 ${m.allow.join(',')}`
    const decision = authorize(customer(42), m)
    return `${decision.ok ? 'allow' : decision.reason} ${m.rule.method} ${m.rule.template}`
  }
  const cases: [method: string, raw: string, expected: string][] = [
    ['GET', `${P}/customers`, 'forbidden GET /customers'],
    ['GET', `${P}/customers/`, '404'],
    ['GET', `${P}//customers`, '400 empty_segment'],
    ['GET', `${P}/Customers`, '404'],
    ['GET', `${P}/%63ustomers`, 'forbidden GET /customers'],
    ['GET', `${P}/customers;`, '400 matrix_parameter'],
    ['GET', `${P}/customers/me/..`, '400 dot_segment'],
    ['GET', `${P}/customers/me/%2e%2e`, '400 dot_segment'],
    ['GET', `${P}/customers/me%2f..`, '400 encoded_slash'],
    ['GET', `${P}/customers/43`, 'not_own_data GET /customers/{id}'],
    ['GET', `${P}/customers/%34%33`, 'not_own_data GET /customers/{id}'],
    ['GET', `${P}/customers/43%00`, '400 control_character'],
    ['GET', `${P}/customers/me/addresses/..%2f..%2f43%2faddresses`, '400 encoded_slash'],
    ['GET', `${P}/customers/42/addresses`, 'forbidden GET /customers/{customerId}/addresses'],
    ['GET', `${P}/customers/me/%2e%2e/42/addresses`, '400 dot_segment'],
    ['DELETE', `${P}/media/a/../../customers`, '400 dot_segment'],
    ['DELETE', `${P}/media/a%2f..%2f..%2fcustomers`, '400 encoded_slash'],
    ['GET', `${P}/orders;x`, '400 matrix_parameter'],
    ['GET', `${P}/orders/`, '404'],
    ['GET', `${P}/orders`, 'forbidden GET /orders'],
    ['PATCH', `${P}/customers/me`, '405 GET,HEAD,PUT'],
    ['GET', `/API/REST/V2/customers`, '404 outside the API'],
    ['GET', `${P}%2fcustomers`, '400 encoded_slash'],
  ]
  it.each(cases)('%s %s → %s', (method, raw, expected) => {
    expect(outcome(method, raw)).toBe(expected)
  })
})
