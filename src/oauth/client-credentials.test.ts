import { describe, expect, it } from 'vitest'
import type { Result } from '../core'
import { readClientCredentials, type ClientAuthProblem, type ClientCredentials } from './client-credentials'

type ClientAuthentication = Result<ClientCredentials | undefined, ClientAuthProblem>

const basic = (raw: string) => `Basic ${btoa(raw)}`
const viaBasic = (clientId: string, clientSecret: string): ClientAuthentication => ({
  ok: true,
  value: { method: 'client_secret_basic', clientId, clientSecret },
})
const viaPost = (clientId: string, clientSecret: string): ClientAuthentication => ({
  ok: true,
  value: { method: 'client_secret_post', clientId, clientSecret },
})
const none: ClientAuthentication = { ok: true, value: undefined }

const CASES: { name: string; authorization?: string; fields: Record<string, unknown>; expected: ClientAuthentication }[] = [
  { name: 'Basic alone', authorization: basic('maho_1:s'), fields: { grant_type: 'client_credentials' }, expected: viaBasic('maho_1', 's') },
  { name: 'Basic with the same client_id in the body', authorization: basic('maho%5F1:s'), fields: { client_id: 'maho_1' }, expected: viaBasic('maho_1', 's') },
  { name: 'body credentials alone', fields: { client_id: 'maho_1', client_secret: 's' }, expected: viaPost('maho_1', 's') },
  {
    name: 'body credentials beside a Bearer token',
    authorization: 'Bearer abc',
    fields: { client_id: 'maho_1', client_secret: 's' },
    expected: viaPost('maho_1', 's'),
  },
  { name: 'nothing', fields: { grant_type: 'password' }, expected: none },
  { name: 'a client_id without a secret', fields: { client_id: 'maho_1' }, expected: none },
  { name: 'an empty secret', fields: { client_id: 'maho_1', client_secret: '' }, expected: none },
  { name: 'a secret that is not a string (JSON)', fields: { client_id: 'maho_1', client_secret: 42 }, expected: none },
  {
    name: 'Basic and a body secret',
    authorization: basic('maho_1:s'),
    fields: { client_id: 'maho_1', client_secret: 's' },
    expected: { ok: false, reason: 'multiple_client_credentials' },
  },
  {
    name: 'Basic and a body secret without id',
    authorization: basic('maho_1:s'),
    fields: { client_secret: 'other' },
    expected: { ok: false, reason: 'multiple_client_credentials' },
  },
  {
    name: 'Basic and another client_id in the body',
    authorization: basic('maho_1:s'),
    fields: { client_id: 'maho_2' },
    expected: { ok: false, reason: 'multiple_client_credentials' },
  },
  { name: 'a Basic header without a colon', authorization: basic('maho_1'), fields: {}, expected: { ok: false, reason: 'malformed_basic' } },
  {
    name: 'a malformed Basic header beside body credentials',
    authorization: basic('maho%zz:s'),
    fields: { client_id: 'maho_1', client_secret: 's' },
    expected: { ok: false, reason: 'malformed_basic' },
  },
]

describe('readClientCredentials', () => {
  it.each(CASES)('$name', ({ authorization, fields, expected }) => {
    expect(readClientCredentials(authorization, fields)).toEqual(expected)
  })
})
