import { describe, expect, it } from 'vitest'
import type { Result } from '../core'
import { readBasic, type BasicCredentials } from './basic-credentials'

type BasicReading = Result<BasicCredentials, 'not_basic' | 'malformed_basic'>

const basic = (raw: string) => `Basic ${btoa(raw)}`
const utf8Basic = (raw: string) => `Basic ${btoa(String.fromCharCode(...new TextEncoder().encode(raw)))}`
const ok = (clientId: string, clientSecret: string): BasicReading => ({ ok: true, value: { clientId, clientSecret } })
const malformed: BasicReading = { ok: false, reason: 'malformed_basic' }
const notBasic: BasicReading = { ok: false, reason: 'not_basic' }

const CASES: { name: string; input: string; expected: BasicReading }[] = [
  { name: 'plain id and secret', input: basic('maho_1:demo-admin-secret'), expected: ok('maho_1', 'demo-admin-secret') },
  { name: 'form-encoded halves (oauth4webapi encodes `_` and `-`)', input: basic('maho%5F1:demo%2Dsecret'), expected: ok('maho_1', 'demo-secret') },
  { name: 'an encoded colon in the id', input: basic('a%3Ab:s'), expected: ok('a:b', 's') },
  { name: 'colons in the secret', input: basic('id:s:e:c'), expected: ok('id', 's:e:c') },
  { name: '`+` in a half is a space', input: basic('id:a+b'), expected: ok('id', 'a b') },
  { name: 'raw UTF-8 in the pair', input: utf8Basic('id:pässword'), expected: ok('id', 'pässword') },
  { name: 'lower-case scheme', input: `basic ${btoa('id:s')}`, expected: ok('id', 's') },
  { name: 'no colon', input: basic('maho_1'), expected: malformed },
  { name: 'bad percent-encoding in the id', input: basic('maho%zz:s'), expected: malformed },
  { name: 'bad percent-encoding in the secret', input: basic('id:100%'), expected: malformed },
  { name: 'an escape that is not UTF-8', input: basic('id:%FF'), expected: malformed },
  { name: 'bytes that are not UTF-8', input: `Basic ${btoa('id:\xff\xfe')}`, expected: malformed },
  { name: 'empty id', input: basic(':secret'), expected: malformed },
  { name: 'empty secret', input: basic('id:'), expected: malformed },
  { name: 'not base64', input: 'Basic !!!!', expected: malformed },
  { name: 'base64 without padding', input: `Basic ${btoa('id:s1').replace(/=+$/, '')}`, expected: malformed },
  { name: 'base64url alphabet', input: 'Basic aWQ6-_8=', expected: malformed },
  { name: 'two spaces', input: `Basic  ${btoa('id:s')}`, expected: malformed },
  { name: 'trailing data', input: `Basic ${btoa('id:s')} x`, expected: malformed },
  { name: 'scheme only', input: 'Basic', expected: malformed },
  { name: 'empty credentials', input: 'Basic ', expected: malformed },
  { name: 'a Bearer token', input: 'Bearer abc', expected: notBasic },
  { name: 'a scheme that starts with Basic', input: `Basicx ${btoa('id:s')}`, expected: notBasic },
]

describe('readBasic', () => {
  it.each(CASES)('$name', ({ input, expected }) => {
    expect(readBasic(input)).toEqual(expected)
  })
})
