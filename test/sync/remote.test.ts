// --remote speaks Cloudflare's REST API (D1 query/raw, KV bulk). The network is closed here, so a
// loopback stand-in of those three endpoints checks each request's shape and token and runs it on a
// real local D1/KV; the sync's results must be those of a local run.
import { createServer, type Server } from 'node:http'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, expect, inject, it } from 'vitest'
import { openLocalTarget } from '../../scripts/sync/local-target'
import { parseOptions } from '../../scripts/sync/options'
import { runSync } from '../../scripts/sync/run'
import type { SyncTarget } from '../../src/sync/target'
import { ROOT, migratedState, readKv, readState, type LocalState } from './d1'
import { createShop, loadFixture, type Shop } from './shop-fixture'

const TOKEN = 'test-api-token'
let shop: Shop
let state: LocalState
let local: SyncTarget
let server: Server
let base: string
let configDir: string
const seen: string[] = []

beforeAll(async () => {
  shop = await createShop(inject('mariadbAdminUrl'))
  await loadFixture(shop)
  state = migratedState()
  local = await openLocalTarget({ config: `${ROOT}wrangler.toml`, env: null, persistTo: state.persistTo })
  server = createServer(async (req, res) => {
    const body = JSON.parse(await text(req))
    const answer = (status: number, result: unknown, errors: { message: string }[] = []) => {
      res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify({ success: status === 200, result, errors, messages: [] }))
    }
    const path = req.url ?? ''
    seen.push(`${req.method} ${path.replace(/[0-9a-f]{32}|d1-test-id|kv-test-id/g, ':id')}`)
    if (req.headers.authorization !== `Bearer ${TOKEN}`) return answer(401, null, [{ message: 'Authentication error' }])
    try {
      if (req.method === 'POST' && path === '/client/v4/accounts/acc-1/d1/database/d1-test-id/raw') {
        const rows = await local.query({ sql: body.sql, params: body.params })
        return answer(200, [{ results: { columns: [], rows }, success: true, meta: {} }])
      }
      if (req.method === 'POST' && path === '/client/v4/accounts/acc-1/d1/database/d1-test-id/query' && Array.isArray(body.batch)) {
        await local.batch(body.batch.map((s: { sql: string; params: unknown[] }) => ({ sql: s.sql, params: s.params })))
        return answer(
          200,
          body.batch.map(() => ({ results: [], success: true, meta: {} })),
        )
      }
      if (req.method === 'PUT' && path === '/client/v4/accounts/acc-1/storage/kv/namespaces/kv-test-id/bulk' && Array.isArray(body)) {
        for (const pair of body) await local.stampSubjects([String(pair.key).replace(/^nbf:/, '')], Number(pair.value), pair.expiration_ttl)
        return answer(200, { successful_key_count: body.length, unsuccessful_keys: [] })
      }
      return answer(404, null, [{ message: `no route ${req.method} ${path}` }])
    } catch (err) {
      return answer(400, null, [{ message: String((err as Error).message) }])
    }
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const address = server.address()
  base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/client/v4`
  configDir = mkdtempSync(join(tmpdir(), 'gatehouse-remote-'))
  writeFileSync(
    join(configDir, 'wrangler.toml'),
    [
      'name = "gatehouse"',
      'compatibility_date = "2026-11-01"',
      '[env.production]',
      'name = "gatehouse"',
      '[[env.production.d1_databases]]',
      'binding = "DB"',
      'database_name = "gatehouse"',
      'database_id = "d1-test-id"',
      '[[env.production.kv_namespaces]]',
      'binding = "REVOKED"',
      'id = "kv-test-id"',
      '',
    ].join('\n'),
  )
})
afterAll(async () => {
  await new Promise((resolve) => server?.close(resolve))
  await local?.close()
  await shop?.close()
  state?.remove()
  rmSync(configDir, { recursive: true, force: true })
})

function text(req: NodeJS.ReadableStream): Promise<string> {
  return new Promise((resolve, reject) => {
    let data = ''
    req.on('data', (chunk) => (data += chunk))
    req.on('end', () => resolve(data))
    req.on('error', reject)
  })
}

const remote = (token: string) =>
  runSync(
    parseOptions(['--remote', '--env', 'production', '--config', join(configDir, 'wrangler.toml'), '--table-prefix', 'shop_'], { SHOP_DATABASE_URL: shop.url }),
    {
      env: { CLOUDFLARE_ACCOUNT_ID: 'acc-1', CLOUDFLARE_API_TOKEN: token, CLOUDFLARE_API_BASE_URL: base },
      stderr: process.stderr,
    },
  )

it('a refused token is exit 3 (cannot connect), nothing written', async () => {
  const { failure, report } = await remote('wrong-token')
  expect(failure).toBe('connect')
  expect(report.error).toBe("cannot read D1: Cloudflare's API refused the token (401)")
  expect((await readState(state)).customers).toEqual([])
})

it('imports through the API exactly as a local run would, stamps included', async () => {
  const { failure, report } = await remote(TOKEN)
  expect({ failure, error: report.error }).toEqual({ failure: null, error: null })
  expect(report.target).toBe('remote D1 d1-test-id')
  expect(report.customers).toMatchObject({ read: 18, inserted: 14, skipped: 4 })
  expect(report.apiUsers).toMatchObject({ read: 4, inserted: 4 })
  expect((await readState(state)).customers.map((c) => c.id)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 16, 18])

  await shop.sql.query('UPDATE shop_api_user SET is_active = 0 WHERE user_id = 1')
  const second = await remote(TOKEN)
  expect(second.report.apiUsers).toMatchObject({ updated: 1, deactivated: 1, revoked: 1 })
  expect((await readKv(state, ['nbf:api_user_1']))['nbf:api_user_1']).toMatch(/^\d{10}$/)
  expect([...new Set(seen)].sort()).toEqual([
    'POST /client/v4/accounts/acc-1/d1/database/:id/query',
    'POST /client/v4/accounts/acc-1/d1/database/:id/raw',
    'PUT /client/v4/accounts/acc-1/storage/kv/namespaces/:id/bulk',
  ])
})
