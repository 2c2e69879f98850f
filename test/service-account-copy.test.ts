// `npm run account:show` / `account:forget` (scripts/service-account-copy.mjs) run under Node, but
// their decisions live in scripts/lib/service-account-copy.mjs on web APIs only. Here those same
// functions run inside workerd against the real local D1: the SQL they build is run as wrangler
// would run it, and its result is read back in wrangler's --json shape.
import { env } from 'cloudflare:workers'
import { describe, expect, it } from 'vitest'
import {
  UsageError,
  forgetSql,
  formatRows,
  rowsOf,
  showSql,
  sqlText,
  validateOptions,
  wranglerArgs,
  type RawOptions,
  type Which,
} from '../scripts/lib/service-account-copy.mjs'
import { loginWith } from './helpers/fallback'

/** What `wrangler d1 execute --json --command SQL` prints for one statement, from the real D1. */
async function wranglerJson(sql: string): Promise<string> {
  return JSON.stringify([await env.DB.prepare(sql).all()])
}

async function show(which: Which | null) {
  return rowsOf(await wranglerJson(showSql(which)))
}

async function insertAccount(id: number, username: string, fields: Record<string, string | number | null> = {}) {
  const row = {
    id,
    username,
    client_id: `maho_${id.toString(16).padStart(32, '0')}`,
    api_key_hash: `$2y$10$${'a'.repeat(53)}`,
    client_secret_hash: `$pbkdf2-sha256$i=100000$AAAAAAAAAAAAAAAAAAAAAA$${'B'.repeat(43)}`,
    permissions: '["orders/read"]',
    ...fields,
  }
  const names = Object.keys(row)
  await env.DB.prepare(`insert into service_accounts (${names.join(', ')}) values (${names.map(() => '?').join(', ')})`)
    .bind(...Object.values(row))
    .run()
  return row
}

function usageMessage(command: string, flags: RawOptions): string {
  try {
    validateOptions(command, flags)
  } catch (err) {
    expect(err).toBeInstanceOf(UsageError)
    return (err as Error).message
  }
  throw new Error('validateOptions accepted the flags')
}

describe('account:show', () => {
  it('lists every copy with what the operator needs and never a hash', async () => {
    await insertAccount(801, 'show-all', {
      allowed_store_ids: '[1,2]',
      confirmed_at: null,
      is_active: 0,
      shop_api_key_hash: `$2y$10$${'c'.repeat(53)}`,
    })
    const rows = await show(null)
    expect(rows.map((row) => row.id)).toEqual(expect.arrayContaining([1, 2, 801]))
    const text = formatRows(rows)
    expect(text).toContain(
      [
        'id 801 (inactive)',
        '  username:     show-all',
        `  client_id:    maho_${(801).toString(16).padStart(32, '0')}`,
        '  permissions:  orders/read',
        '  stores:       1, 2',
        '  confirmed:    never (its next login asks the shop first)',
        '  shop hashes:  api_key',
      ].join('\n'),
    )
    expect(text).not.toMatch(/\$2y\$|\$pbkdf2|aaaaaaaa|BBBBBBBB/)
  })

  it('names one account by id, username or client_id', async () => {
    const row = await insertAccount(802, 'show-one', { confirmed_at: 1_900_000_000 })
    for (const which of [
      { column: 'id', value: 802 },
      { column: 'username', value: 'show-one' },
      { column: 'client_id', value: row.client_id },
    ] as Which[]) {
      const rows = await show(which)
      expect(rows).toEqual([
        {
          id: 802,
          username: 'show-one',
          client_id: row.client_id,
          is_active: 1,
          permissions: '["orders/read"]',
          allowed_store_ids: null,
          confirmed_at: 1_900_000_000,
          shop_api_key_known: 0,
          shop_client_secret_known: 0,
        },
      ])
      expect(formatRows(rows)).toContain('  confirmed:    2030-03-17T17:46:40.000Z\n  shop hashes:  none (learnt at a login)')
    }
  })

  it('says so when there is nothing to show', async () => {
    expect(formatRows(await show({ column: 'username', value: 'nobody-here' }))).toBe(
      'No service account copies at the edge (the shop answers for every one at its next login).',
    )
  })
})

describe('account:forget', () => {
  it('deletes exactly the named copy and says whether there was one', async () => {
    await insertAccount(803, 'forget-me')
    await insertAccount(804, 'keep-me')
    expect(rowsOf(await wranglerJson(forgetSql({ column: 'username', value: 'forget-me' })))).toEqual([{ id: 803 }])
    expect(await show({ column: 'id', value: 803 })).toEqual([])
    expect(await show({ column: 'id', value: 804 })).toHaveLength(1)
    expect(rowsOf(await wranglerJson(forgetSql({ column: 'username', value: 'forget-me' })))).toEqual([])
  })

  it('the next login of a forgotten account asks the shop, which answers for it and restores the copy', async () => {
    const before = Math.floor(Date.now() / 1000)
    expect(rowsOf(await wranglerJson(forgetSql({ column: 'client_id', value: 'maho_00000000000000000000000000000002' })))).toEqual([{ id: 2 }])
    const res = await loginWith({}, { grant_type: 'api_user', username: 'catalog', api_key: 'demo-catalog-key' })
    expect(res.status).toBe(200)
    expect(await res.json()).toMatchObject({ apiUser: { id: 2, username: 'catalog' }, permissions: ['products/all', 'categories/all'] })
    const [row] = await show({ column: 'id', value: 2 })
    expect(row).toMatchObject({ username: 'catalog', is_active: 1 })
    expect(row!.confirmed_at).toBeGreaterThanOrEqual(before)
  })

  it('refuses to build a DELETE without an account', () => {
    expect(() => forgetSql(null as unknown as Which)).toThrow('forget needs an account')
  })
})

describe('flags', () => {
  const refused: Array<[string, string, RawOptions, string]> = [
    ['an unknown command', 'create', { id: '1' }, 'unknown command "create" (show or forget)'],
    ['forget without a name', 'forget', {}, 'needs --id, --username or --client-id'],
    ['two names', 'show', { id: '1', username: 'admin' }, 'name the account once: --id and --username given'],
    [
      'three names',
      'forget',
      { id: '1', username: 'a', 'client-id': `maho_${'0'.repeat(32)}` },
      'name the account once: --id and --username and --client-id given',
    ],
    ['zero id', 'forget', { id: '0' }, '--id "0" is not a positive integer'],
    ['id with SQL', 'forget', { id: '1 OR 1=1' }, '--id "1 OR 1=1" is not a positive integer'],
    ['unsafe id', 'show', { id: '9999999999999999' }, '--id "9999999999999999" is not a positive integer'],
    ['quote in username', 'forget', { username: "x' OR '1'='1" }, `--username "x' OR '1'='1" is not a username this tool accepts (letters, digits, . _ @ -)`],
    ['empty username', 'show', { username: '' }, '--username "" is not a username this tool accepts (letters, digits, . _ @ -)'],
    ['upper-case client id', 'forget', { 'client-id': `maho_${'A'.repeat(32)}` }, `--client-id "maho_${'A'.repeat(32)}" is not maho_ + 32 lowercase hex`],
    ['short client id', 'forget', { 'client-id': 'maho_1' }, '--client-id "maho_1" is not maho_ + 32 lowercase hex'],
    ['bad env', 'show', { env: 'prod;rm' }, '--env "prod;rm" is not an environment name'],
  ]
  it.each(refused)('refuses %s', (_, command, flags, message) => {
    expect(usageMessage(command, flags)).toBe(message)
  })

  it('reads good flags', () => {
    expect(validateOptions('show', {})).toEqual({ command: 'show', which: null, remote: false, env: null })
    expect(validateOptions('forget', { 'client-id': `maho_${'f'.repeat(32)}`, remote: true, env: 'production' })).toEqual({
      command: 'forget',
      which: { column: 'client_id', value: `maho_${'f'.repeat(32)}` },
      remote: true,
      env: 'production',
    })
    expect(validateOptions('forget', { id: '12' }).which).toEqual({ column: 'id', value: 12 })
  })

  it('builds the wrangler command without a shell, asking for JSON', () => {
    expect(wranglerArgs({ remote: false, env: null }, 'SQL')).toEqual(['d1', 'execute', 'DB', '--local', '--json', '--command', 'SQL'])
    expect(wranglerArgs({ remote: true, env: 'production' }, 'SQL')).toEqual([
      'd1',
      'execute',
      'DB',
      '--remote',
      '--env',
      'production',
      '--json',
      '--command',
      'SQL',
    ])
  })

  it('refuses to quote what would need escaping', () => {
    expect(() => sqlText("it's")).toThrow(`refusing to put "it's" into SQL`)
    expect(() => sqlText('a;b')).toThrow('refusing to put "a;b" into SQL')
    expect(sqlText('admin')).toBe("'admin'")
  })

  it('reads wrangler output without results as an error', () => {
    expect(() => rowsOf('[]')).toThrow('wrangler printed no results')
    expect(() => rowsOf('{"error": "x"}')).toThrow('wrangler printed no results')
  })
})
