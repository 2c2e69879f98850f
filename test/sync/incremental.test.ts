// Changes made inside the shop after an import, carried over by an incremental run: deactivation,
// deletion, a changed password, a moved email, a PBKDF2 upgrade that must survive, permissions.
import { pbkdf2Sync, randomBytes } from 'node:crypto'
import { eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { customers, refreshFamilies } from '../../src/db/schema'
import type { targetDb } from '../../src/sync/target'
import { inLocalD1, migratedState, readKv, readState, sync, type LocalState } from './d1'
import { createShop, loadFixture, salted, type Shop } from './shop-fixture'

const T1 = '2026-01-02 10:00:00'
let shop: Shop
let state: LocalState

beforeAll(async () => {
  shop = await createShop(inject('mariadbAdminUrl'))
  await loadFixture(shop)
  state = migratedState()
  expect((await sync(shop.url, state)).failure).toBeNull()
})
afterAll(async () => {
  await shop?.close()
  state?.remove()
})

function pbkdf2(password: string): string {
  const salt = randomBytes(16)
  const b64 = (b: Buffer) => b.toString('base64').replace(/=+$/, '')
  return `$pbkdf2-sha256$i=100000$${b64(salt)}$${b64(pbkdf2Sync(password, salt, 100_000, 32, 'sha256'))}`
}

const inD1 = <T>(work: (db: ReturnType<typeof targetDb>) => Promise<T>) => inLocalD1(state, work)

describe('incremental sync after changes in the shop', () => {
  const upgraded = pbkdf2('sha256-secret-1')
  const p = 'shop_'

  it('carries every change over and revokes exactly the subjects whose access changed', async () => {
    // The gateway upgraded customer 5's sha256 hash to PBKDF2 on a login (shop_password_hash kept).
    await inD1((db) => db.update(customers).set({ passwordHash: upgraded }).where(eq(customers.id, 5)).run())
    // Refresh sessions of customers 5 (no access change) and 6 (a new password in the shop).
    const family = (id: string, customerId: number) => ({ id, customerId, createdAt: 1_700_000_000, expiresAt: 4_000_000_000 })
    await inD1((db) =>
      db
        .insert(refreshFamilies)
        .values([family('f'.repeat(32), 5), family('6'.repeat(32), 6)])
        .run(),
    )
    const q = (sql: string, params: unknown[] = []) => shop.sql.query(sql, params)
    await q(`UPDATE ${p}customer_entity SET is_active = 0, updated_at = ? WHERE entity_id = 1`, [T1])
    await q(`DELETE FROM ${p}customer_entity WHERE entity_id = 3`)
    await q(`UPDATE ${p}customer_entity_varchar SET value = 'Renamed' WHERE entity_id = 5 AND attribute_id = ?`, [await shop.attributeId('firstname')])
    await q(`UPDATE ${p}customer_entity SET updated_at = ? WHERE entity_id = 5`, [T1])
    await shop.setPasswordHash(6, salted('sha256', 'sha256salted-secret-2', 'newsalt'), T1)
    // Customers 7 and 8 swap emails (the unique index must never see both at once).
    await q(`UPDATE ${p}customer_entity SET email = 'swap@example.com' WHERE entity_id = 7`)
    await q(`UPDATE ${p}customer_entity SET email = 'sha512@example.com', updated_at = ? WHERE entity_id = 8`, [T1])
    await q(`UPDATE ${p}customer_entity SET email = 'sha512salted@example.com', updated_at = ? WHERE entity_id = 7`, [T1])
    // A new customer registers with the deleted customer 3's email.
    await shop.insertCustomer({ id: 19, email: 'md5@example.com', website: 1, password: 'new-secret-1', hash: salted('md5', 'new-secret-1', 'abc') }, T1)
    // Api user 2 leaves the Orders group; api user 3 is deleted.
    await q(
      `DELETE FROM ${p}api_role WHERE role_type = 'U' AND user_id = 2 AND role_name = 'catalog' AND parent_id = (SELECT role_id FROM (SELECT role_id FROM ${p}api_role WHERE role_name = 'Orders' AND role_type = 'G') g)`,
    )
    await q(`DELETE FROM ${p}api_user WHERE user_id = 3`)

    const { report, failure } = await sync(shop.url, state)
    expect({ failure, error: report.error }).toEqual({ failure: null, error: null })
    expect(report.mode).toBe('incremental')
    expect(report.from).toBe('2026-01-01 09:55:00')
    // 17 rows still in the shop (18 - 1 deleted + 1 new), all inside the re-read window.
    expect(report.customers).toEqual({ read: 18, written: 6, inserted: 1, updated: 5, unchanged: 8, deactivated: 2, revoked: 3, skipped: 4 })
    expect(report.apiUsers).toEqual({ read: 3, written: 1, inserted: 0, updated: 1, unchanged: 2, deactivated: 1, revoked: 2, skipped: 0 })
    expect(report.watermark).toEqual({ updatedAt: T1, lastId: 19 })

    const d1 = await readState(state)
    const byId = new Map(d1.customers.map((c) => [c.id, c]))
    expect(byId.get(1)?.isActive).toBe(false)
    expect(byId.has(3)).toBe(false)
    expect(byId.get(19)).toMatchObject({ email: 'md5@example.com', isActive: true })
    expect(byId.get(5)).toMatchObject({ firstName: 'Renamed', passwordHash: upgraded })
    expect(byId.get(6)?.passwordHash).toBe(salted('sha256', 'sha256salted-secret-2', 'newsalt'))
    expect(byId.get(7)?.email).toBe('sha512salted@example.com')
    expect(byId.get(8)?.email).toBe('sha512@example.com')
    const services = new Map(d1.serviceAccounts.map((s) => [s.id, s]))
    expect(services.get(2)?.permissions).toEqual(['categories/read', 'products/all'])
    expect(services.get(3)?.isActive).toBe(false)

    // A revoked customer's refresh sessions end with the stamp; the others stay live.
    const families = await inD1((db) => db.select().from(refreshFamilies).orderBy(refreshFamilies.customerId))
    expect(families.map((f) => [f.customerId, f.revokedReason, f.revokedAt === null])).toEqual([
      [5, null, true],
      [6, 'subject_revoked', false],
    ])
    const stamps = await readKv(state, [
      'nbf:customer_1',
      'nbf:customer_3',
      'nbf:customer_5',
      'nbf:customer_6',
      'nbf:customer_7',
      'nbf:api_user_2',
      'nbf:api_user_3',
      'nbf:api_user_1',
    ])
    for (const key of ['nbf:customer_1', 'nbf:customer_3', 'nbf:customer_6', 'nbf:api_user_2', 'nbf:api_user_3']) expect(stamps[key]).toMatch(/^\d{10}$/)
    for (const key of ['nbf:customer_5', 'nbf:customer_7', 'nbf:api_user_1']) expect(stamps[key]).toBeNull()
  })

  it('running it again changes nothing and stamps nothing', async () => {
    const before = await readState(state)
    const stamps = await readKv(state, ['nbf:customer_1', 'nbf:customer_6'])
    const { report, failure } = await sync(shop.url, state)
    expect(failure).toBeNull()
    expect(report.customers).toMatchObject({ written: 0, deactivated: 0, revoked: 0 })
    expect(report.apiUsers).toMatchObject({ written: 0, deactivated: 0, revoked: 0 })
    expect(await readState(state)).toEqual(before)
    expect(await readKv(state, ['nbf:customer_1', 'nbf:customer_6'])).toEqual(stamps)
  })

  it('--since reads only what changed from then and leaves the watermark alone', async () => {
    await shop.sql.query(`UPDATE ${p}customer_entity SET is_active = 1, updated_at = '2026-01-03 10:00:00' WHERE entity_id = 1`)
    const { report, failure } = await sync(shop.url, state, ['--since', '2026-01-03'])
    expect(failure).toBeNull()
    expect(report.mode).toBe('since')
    expect(report.customers).toMatchObject({ read: 1, written: 1, updated: 1, revoked: 0 })
    expect((await readState(state)).syncState).toEqual([{ source: 'customers', updatedAt: T1, lastId: 19 }])
  })

  it('a dry run after a change reports it and writes nothing', async () => {
    await shop.setPasswordHash(2, '$argon2id$v=19$m=65536,t=4,p=1$bmV3c2FsdG5ld3NhbHQ$9sTbSlTio3Biev89thdrlKKh3hbq3HJGK9Rb2UKzqmA', '2026-01-04 10:00:00')
    const before = await readState(state)
    const { report, failure } = await sync(shop.url, state, ['--dry-run'])
    expect(failure).toBeNull()
    expect(report.customers).toMatchObject({ written: 1, updated: 1, revoked: 1 })
    expect(await readState(state)).toEqual(before)
    expect(await readKv(state, ['nbf:customer_2'])).toEqual({ 'nbf:customer_2': null })
  })
})
