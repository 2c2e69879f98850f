// `npm run account:create` (scripts/create-service-account.mjs) runs under Node, but its decisions
// live in scripts/lib/service-account.mjs on web APIs only. Here those same functions run inside
// workerd: the hash they write, inserted with the SQL they build, must log in over HTTP through
// both service grants, and bad flags must be refused with their messages.
import { env } from 'cloudflare:workers'
import { describe, expect, it } from 'vitest'
import {
  UsageError, buildInsertSql, describeInsertFailure, formatPbkdf2Hash, hashSecret, prepareAccount, sqlText,
  validateOptions, wranglerArgs, type AccountRow, type RawOptions,
} from '../scripts/lib/service-account.mjs'
import { parseHashFormat } from '../src/auth/passwords/format'
import { verifyPassword } from '../src/auth/passwords'
import { postJson } from './helpers/http'
import { verifyIssued } from './helpers/tokens'

/** What the script does between parsing flags and calling wrangler, given raw flag values. */
async function createAccount(flags: RawOptions) {
  const options = validateOptions(flags)
  const { credentials, row, sql } = await prepareAccount(options)
  await env.DB.prepare(sql).run()
  return { options, credentials, row, sql }
}

function storedRow(id: number) {
  return env.DB.prepare('select * from service_accounts where id = ?').bind(id).first<Record<string, unknown>>()
}

function usageMessage(flags: RawOptions): string {
  try {
    validateOptions(flags)
  } catch (err) {
    expect(err).toBeInstanceOf(UsageError)
    return (err as Error).message
  }
  throw new Error('validateOptions accepted the flags')
}

describe('an account built by the script logs in through the gateway', () => {
  it('both grants answer 200 with its apiUser, permissions and store limit', async () => {
    const { credentials, row } = await createAccount({
      id: '901', username: 'ops.sync-bot', permissions: 'products/all,categories/read', stores: '1,2',
    })
    expect(credentials.clientId).toMatch(/^maho_[0-9a-f]{32}$/)
    expect(credentials.clientSecret).toMatch(/^[A-Za-z0-9_-]{43}$/)
    expect(credentials.apiKey).toMatch(/^[A-Za-z0-9_-]{43}$/)

    const logins = [
      { grant_type: 'client_credentials', client_id: credentials.clientId, client_secret: credentials.clientSecret },
      { grant_type: 'api_user', username: 'ops.sync-bot', api_key: credentials.apiKey },
    ]
    for (const body of logins) {
      const res = await postJson('/auth/token', body)
      expect(res.status).toBe(200)
      const answer = await res.json<Record<string, unknown>>()
      expect(answer).toEqual({
        token: expect.any(String), tokenType: 'Bearer', expiresIn: 3600,
        access_token: answer.token, token_type: 'Bearer', expires_in: 3600,
        apiUser: { id: 901, username: 'ops.sync-bot' }, permissions: ['products/all', 'categories/read'],
      })
      const { payload } = await verifyIssued(answer.token as string)
      expect(payload).toMatchObject({ sub: 'api_user_901', api_user_id: 901, type: 'api_user', allowed_store_ids: [1, 2] })
    }

    // The hashes are gatehouse's current format: a login does not rewrite them (no upgrade needed).
    const stored = await storedRow(901)
    expect(stored).toMatchObject({
      username: 'ops.sync-bot', client_id: credentials.clientId, is_active: 1,
      api_key_hash: row.apiKeyHash, client_secret_hash: row.clientSecretHash,
      allowed_store_ids: '[1,2]', permissions: '["products/all","categories/read"]',
    })
  })

  it('without --username: client_credentials only, named by its client_id, every store', async () => {
    const { credentials } = await createAccount({ id: '902', permissions: 'all' })
    expect(credentials.apiKey).toBeNull()
    const res = await postJson('/auth/token', {
      grant_type: 'client_credentials', client_id: credentials.clientId, client_secret: credentials.clientSecret,
    })
    expect(res.status).toBe(200)
    const answer = await res.json<{ token: string; apiUser: unknown; permissions: unknown }>()
    expect(answer.apiUser).toEqual({ id: 902, username: credentials.clientId })
    expect(answer.permissions).toEqual(['all'])
    expect((await verifyIssued(answer.token)).payload).not.toHaveProperty('allowed_store_ids')
    expect(await storedRow(902)).toMatchObject({ username: null, api_key_hash: null, allowed_store_ids: null })
  })

  it('a wrong secret is still refused (the grant checks the hash, not just the row)', async () => {
    const { credentials } = await createAccount({ id: '903', username: 'ops-wrong', permissions: 'orders/read' })
    const swapped = [
      { grant_type: 'client_credentials', client_id: credentials.clientId, client_secret: credentials.apiKey },
      { grant_type: 'api_user', username: 'ops-wrong', api_key: credentials.clientSecret },
    ]
    for (const body of swapped) {
      const res = await postJson('/auth/token', body)
      expect(res.status).toBe(401)
      expect(await res.json()).toEqual({ error: 'invalid_client', message: 'Invalid client credentials', code: 401, error_description: 'Invalid client credentials' })
    }
  })

  it('writes exactly the string src/auth/passwords reads as its current format', async () => {
    const salt = new Uint8Array(16).map((_, i) => i * 17)
    const hash = await hashSecret('s3cret', salt)
    expect(hash).toMatch(/^\$pbkdf2-sha256\$i=100000\$ABEiM0RVZneImaq7zN3u\/w\$[A-Za-z0-9+/]{43}$/)
    const format = parseHashFormat(hash)
    expect(format).toMatchObject({ kind: 'pbkdf2-sha256', iterations: 100_000, salt })
    expect(await verifyPassword('s3cret', hash)).toEqual({ ok: true, needsRehash: false })
    expect(await verifyPassword('s3creT', hash)).toEqual({ ok: false, needsRehash: false })
    expect(() => formatPbkdf2Hash(new Uint8Array(8), new Uint8Array(32))).toThrow('pbkdf2: salt must be 16 bytes and hash 32')
  })

  it('a duplicate id, username or client_id fails whole, and the failure is named', async () => {
    const first = await createAccount({ id: '904', username: 'ops-dup', permissions: 'all' })
    const before = await env.DB.prepare('select count(*) as n from service_accounts').first<number>('n')
    const clash: Array<[Partial<AccountRow>, string]> = [
      [{ id: 904, username: 'ops-other', clientId: 'maho_' + 'a'.repeat(32) }, 'a service account with this --id already exists; nothing was written'],
      [{ id: 905, username: 'ops-dup', clientId: 'maho_' + 'b'.repeat(32) }, 'a service account with this --username already exists; nothing was written'],
      [{ id: 906, username: 'ops-other' }, 'a service account with the generated client_id (run again) already exists; nothing was written'],
    ]
    for (const [change, message] of clash) {
      const sql = buildInsertSql({ ...first.row, ...change })
      const error = await env.DB.prepare(sql).run().then(() => undefined, (err: Error) => err)
      expect(error).toBeInstanceOf(Error)
      expect(describeInsertFailure(error!.message)).toBe(message)
    }
    expect(await env.DB.prepare('select count(*) as n from service_accounts').first<number>('n')).toBe(before)
  })
})

describe('flags', () => {
  const ok = { id: '7', permissions: 'all' }
  const refused: Array<[string, RawOptions, string]> = [
    ['no --id', { permissions: 'all' }, "--id is required (the shop's api user id)"],
    ['zero id', { ...ok, id: '0' }, '--id "0" is not a positive integer'],
    ['negative id', { ...ok, id: '-3' }, '--id "-3" is not a positive integer'],
    ['fractional id', { ...ok, id: '1.5' }, '--id "1.5" is not a positive integer'],
    ['leading zero', { ...ok, id: '007' }, '--id "007" is not a positive integer'],
    ['hex id', { ...ok, id: '0x10' }, '--id "0x10" is not a positive integer'],
    ['unsafe integer', { ...ok, id: '9999999999999999' }, '--id "9999999999999999" is not a positive integer'],
    ['no --permissions', { id: '7' }, '--permissions is required (e.g. --permissions products/all,categories/read)'],
    ['empty permissions', { ...ok, permissions: '' }, '--permissions has an empty entry (stray comma?)'],
    ['trailing comma', { ...ok, permissions: 'products/all,' }, '--permissions has an empty entry (stray comma?)'],
    ['space after comma', { ...ok, permissions: 'products/all, orders/read' },
      '--permissions: bad permission " orders/read" (expected all, resource/all or resource/verb)'],
    ['bare resource', { ...ok, permissions: 'products' }, '--permissions: bad permission "products" (expected all, resource/all or resource/verb)'],
    ['upper case', { ...ok, permissions: 'Products/read' }, '--permissions: bad permission "Products/read" (expected all, resource/all or resource/verb)'],
    ['three parts', { ...ok, permissions: 'products/read/x' }, '--permissions: bad permission "products/read/x" (expected all, resource/all or resource/verb)'],
    ['quote injection', { ...ok, permissions: "all'); DROP TABLE service_accounts; --" },
      `--permissions: bad permission "all'); DROP TABLE service_accounts; --" (expected all, resource/all or resource/verb)`],
    ['unknown verb', { ...ok, permissions: 'products/update' },
      '--permissions: unknown verb "update" in "products/update" (expected read, create, write, delete, all)'],
    ['duplicate permission', { ...ok, permissions: 'orders/read,orders/read' }, '--permissions lists "orders/read" twice'],
    ['empty username', { ...ok, username: '' },
      '--username "" is not allowed: 1-64 letters, digits, . _ @ - starting with a letter or digit'],
    ['quote in username', { ...ok, username: "bob'--" },
      `--username "bob'--" is not allowed: 1-64 letters, digits, . _ @ - starting with a letter or digit`],
    ['space in username', { ...ok, username: 'bob smith' },
      '--username "bob smith" is not allowed: 1-64 letters, digits, . _ @ - starting with a letter or digit'],
    ['username of 65', { ...ok, username: 'a'.repeat(65) },
      `--username "${'a'.repeat(65)}" is not allowed: 1-64 letters, digits, . _ @ - starting with a letter or digit`],
    ['non-ASCII username', { ...ok, username: 'jösé' },
      '--username "jösé" is not allowed: 1-64 letters, digits, . _ @ - starting with a letter or digit'],
    ['empty stores', { ...ok, stores: '' }, '--stores: "" is not a store id (non-negative integer)'],
    ['bad store', { ...ok, stores: '1,x' }, '--stores: "x" is not a store id (non-negative integer)'],
    ['negative store', { ...ok, stores: '-1' }, '--stores: "-1" is not a store id (non-negative integer)'],
    ['duplicate store', { ...ok, stores: '2,2' }, '--stores lists 2 twice'],
    ['bad env', { ...ok, env: 'prod;rm' }, '--env "prod;rm" is not an environment name'],
  ]
  it.each(refused)('refuses %s', (_, flags, message) => {
    expect(usageMessage(flags)).toBe(message)
  })

  it('reads good flags into the account to create', () => {
    expect(validateOptions({ id: '12', username: 'erp@shop', permissions: 'all,products/all,orders/delete', stores: '0,3', remote: true, env: 'production' }))
      .toEqual({
        id: 12, username: 'erp@shop', permissions: ['all', 'products/all', 'orders/delete'],
        allowedStoreIds: [0, 3], remote: true, env: 'production',
      })
    expect(validateOptions(ok)).toEqual({ id: 7, username: null, permissions: ['all'], allowedStoreIds: null, remote: false, env: null })
  })

  it('builds the wrangler command without a shell: local by default, --remote and --env passed through', () => {
    expect(wranglerArgs({ remote: false, env: null }, 'SQL')).toEqual(['d1', 'execute', 'DB', '--local', '--command', 'SQL'])
    expect(wranglerArgs({ remote: true, env: 'production' }, 'SQL'))
      .toEqual(['d1', 'execute', 'DB', '--remote', '--env', 'production', '--command', 'SQL'])
  })
})

describe('SQL text', () => {
  it.each([
    ["it's", "refusing to put \"it's\" into SQL"],
    ['a;b', 'refusing to put "a;b" into SQL'],
    ['a\\b', 'refusing to put "a\\\\b" into SQL'],
    ['line\nbreak', 'refusing to put "line\\nbreak" into SQL'],
    ['café', 'refusing to put "café" into SQL'],
  ])('refuses %j rather than escaping it', (value, message) => {
    expect(() => sqlText(value)).toThrow(new Error(message))
  })

  it('quotes what validation lets through as it is', () => {
    expect(sqlText('$pbkdf2-sha256$i=100000$ab+/$cd')).toBe("'$pbkdf2-sha256$i=100000$ab+/$cd'")
    expect(sqlText('["products/all"]')).toBe(`'["products/all"]'`)
  })
})
