// `npm run sync` as an operator or cron runs it: exit codes, messages, the JSON report, and the
// database password never printed.
import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { exitCode } from '../../src/sync/errors'
import { ROOT, WRANGLER_ENV, migratedState, type LocalState } from './d1'
import { createShop, loadFixture, type Shop } from './shop-fixture'

let shop: Shop
let state: LocalState
let empty: string

beforeAll(async () => {
  shop = await createShop(inject('mariadbAdminUrl'))
  await loadFixture(shop)
  state = migratedState()
  empty = mkdtempSync(join(tmpdir(), 'gatehouse-empty-'))
})
afterAll(async () => {
  await shop?.close()
  state?.remove()
  rmSync(empty, { recursive: true, force: true })
})

function run(args: string[], env: Record<string, string> = {}) {
  const result = spawnSync('npm', ['run', '--silent', 'sync', '--', ...args], {
    cwd: ROOT,
    env: { ...WRANGLER_ENV, SHOP_DATABASE_URL: '', ...env },
    encoding: 'utf8',
    timeout: 120_000,
  })
  return { status: result.status, stdout: result.stdout, stderr: result.stderr }
}

describe('refusals', () => {
  const port = inject('mariadbPort')
  const cases = [
    { name: 'no target', args: () => ['--database-url', shop.url], status: 2, says: '--local or --remote' },
    { name: 'both targets', args: () => ['--local', '--remote', '--database-url', shop.url], status: 2, says: '--local or --remote' },
    { name: 'an unknown flag', args: () => ['--local', '--everything'], status: 2, says: "Unknown option '--everything'" },
    { name: 'no database URL', args: () => ['--local'], status: 2, says: 'pass --database-url or set SHOP_DATABASE_URL' },
    {
      name: 'a URL of another scheme',
      args: () => ['--local', '--database-url', 'postgres://u:hunter2-pw@127.0.0.1/x'],
      status: 2,
      says: 'must start with mysql://',
    },
    {
      name: 'a table prefix with SQL in it',
      args: () => ['--local', '--database-url', shop.url, '--table-prefix', 'x`;DROP'],
      status: 2,
      says: '--table-prefix may hold only',
    },
    { name: 'a batch size of 0', args: () => ['--local', '--database-url', shop.url, '--batch-size', '0'], status: 2, says: '--batch-size "0"' },
    {
      name: 'a confirmation age that is not whole seconds',
      args: () => ['--local', '--database-url', shop.url, '--confirm-age', '1.5'],
      status: 2,
      says: '--confirm-age "1.5"',
    },
    { name: '--since that is no time', args: () => ['--local', '--database-url', shop.url, '--since', 'yesterday'], status: 2, says: '--since "yesterday"' },
    {
      name: 'nothing listens on the port',
      args: () => ['--local', '--persist-to', state.persistTo, '--database-url', 'mysql://shop:hunter2-pw@127.0.0.1:1/shop'],
      status: 3,
      says: "cannot connect to the shop's database: connect ECONNREFUSED",
    },
    {
      name: 'a wrong password',
      args: () => ['--local', '--persist-to', state.persistTo, '--database-url', `mysql://sync_admin:hunter2-pw@127.0.0.1:${port}/mysql`],
      status: 3,
      says: 'Access denied',
    },
    {
      name: 'the wrong table prefix',
      args: () => ['--local', '--persist-to', state.persistTo, '--database-url', shop.url, '--table-prefix', 'other_'],
      status: 5,
      says: "the shop's tables are not as expected",
    },
    {
      name: 'a D1 without migrations',
      args: () => ['--local', '--persist-to', empty, '--database-url', shop.url, '--table-prefix', 'shop_'],
      status: 6,
      says: "apply gatehouse's migrations first",
    },
  ]
  for (const { name, args, status, says } of cases) {
    it(`${name}: exit ${status}`, () => {
      const result = run(args())
      expect(result.status).toBe(status)
      expect(result.stderr).toContain(says)
      const printed = result.stdout + result.stderr
      for (const secret of ['hunter2-pw', shop.readerPassword, encodeURIComponent(shop.readerPassword)]) expect(printed).not.toContain(secret)
    })
  }

  it('maps every failure to its own exit code', () => {
    expect((['usage', 'connect', 'partial', 'shop_schema', 'target_schema'] as const).map(exitCode)).toEqual([2, 3, 4, 5, 6])
  })
})

describe('a run', () => {
  it('--json prints the report as JSON, with the URL taken from SHOP_DATABASE_URL and never printed', () => {
    const result = run(['--local', '--persist-to', state.persistTo, '--table-prefix', 'shop_', '--json'], { SHOP_DATABASE_URL: shop.url })
    expect(result.status).toBe(0)
    const report = JSON.parse(result.stdout)
    expect(report).toMatchObject({
      mode: 'full',
      dryRun: false,
      error: null,
      customers: { read: 18, inserted: 14, skipped: 4 },
      apiUsers: { read: 4, inserted: 4 },
    })
    expect(result.stdout + result.stderr).not.toContain(shop.readerPassword)
    expect(result.stdout + result.stderr).not.toContain(encodeURIComponent(shop.readerPassword))
  })

  it('prints a readable report without --json (no progress bar when stderr is not a terminal)', () => {
    const result = run(['--local', '--persist-to', state.persistTo, '--table-prefix', 'shop_', '--database-url', shop.url])
    expect(result.status).toBe(0)
    expect(result.stdout).toMatch(/^sync incremental → local D1 \(.+\): changes since 2026-01-01 09:55:00, [\d.]+ s$/m)
    expect(result.stdout).toContain('  customers  read 18, written 0 (new 0, updated 0), unchanged 14, deactivated 0, tokens revoked 0, skipped 4')
    expect(result.stdout).toContain('    customer 15: bad email')
    expect(result.stderr).toBe('')
  })
})
