// The pure decisions of the sync, case by case: which hash a copy keeps, when tokens are revoked,
// how permissions and store limits are read, where the shop asks for a second factor, what a
// shop's tables lack, where a run starts.
import { describe, expect, it } from 'vitest'
import { decideSecret } from '../../src/sync/secret-copy'
import { planApiUser, permissionsOf } from '../../src/sync/plan-api-user'
import { planCustomer, type CustomerCopy } from '../../src/sync/plan-customer'
import { startingPoint } from '../../src/sync/run'
import type { ShopApiUser, ShopCustomer } from '../../src/sync/shop'
import { missingFromShop, SHOP_COLUMNS } from '../../src/sync/shop-schema'
import { twofaWebsites } from '../../src/sync/twofa-config'

const BCRYPT_A = '$2y$10$nmfs2.xtFiVgLoPNZkGFmutWOAt6RNnshcvycD8H.BaN.qHZJ7USC'
const BCRYPT_B = '$2y$10$2V0NBmhi2C9vdEhNQWhin.cErbB/b6s684p.uowFGrxWwZta7XURC'
const PBKDF2 = '$pbkdf2-sha256$i=100000$aGLu/B54589akcm7Zf0XHg$r7HAkyWF6tcyNOXrk5LKFHz81EYzYGfYBgw18duDfUQ'
const MD5 = '72d3d4e9bcaf89a84f3a53c741169d96:Xq7'

describe('decideSecret', () => {
  const cases = [
    { name: 'new account: the shop hash', shop: BCRYPT_A, copy: undefined, hash: BCRYPT_A, revoke: false },
    {
      name: 'same shop hash, copy upgraded to PBKDF2: kept, never downgraded',
      shop: BCRYPT_A,
      copy: { hash: PBKDF2, shopHash: BCRYPT_A },
      hash: PBKDF2,
      revoke: false,
    },
    { name: 'same shop hash, copy is it: kept', shop: MD5, copy: { hash: MD5, shopHash: MD5 }, hash: MD5, revoke: false },
    { name: 'shop hash changed since the copy: replaced, revoked', shop: BCRYPT_B, copy: { hash: PBKDF2, shopHash: BCRYPT_A }, hash: BCRYPT_B, revoke: true },
    { name: 'nothing recorded, copy equals the shop hash: kept', shop: BCRYPT_A, copy: { hash: BCRYPT_A, shopHash: null }, hash: BCRYPT_A, revoke: false },
    {
      name: 'nothing recorded, copy is our PBKDF2: the shop hash, no revocation',
      shop: BCRYPT_A,
      copy: { hash: PBKDF2, shopHash: null },
      hash: BCRYPT_A,
      revoke: false,
    },
    {
      name: 'nothing recorded, copy is another shop format: replaced, revoked',
      shop: BCRYPT_B,
      copy: { hash: MD5, shopHash: null },
      hash: BCRYPT_B,
      revoke: true,
    },
    { name: 'the shop removed the secret: none, revoked', shop: null, copy: { hash: BCRYPT_A, shopHash: BCRYPT_A }, hash: null, revoke: true },
    {
      name: 'the shop adds a secret the copy lacked: taken, nothing to revoke',
      shop: BCRYPT_A,
      copy: { hash: null, shopHash: null },
      hash: BCRYPT_A,
      revoke: false,
    },
  ]
  for (const { name, shop, copy, hash, revoke } of cases) {
    it(name, () => expect(decideSecret(shop, copy)).toEqual({ hash, revoke }))
  }
})

describe('planCustomer', () => {
  const shop: ShopCustomer = {
    id: 7,
    email: 'a@example.com',
    websiteId: 1,
    isActive: true,
    confirmation: null,
    twofaEnabled: false,
    twofaAllowed: true,
    updatedAt: '2026-01-01 00:00:00',
    firstName: 'A',
    lastName: 'B',
    passwordHash: BCRYPT_A,
  }
  const copy: CustomerCopy = {
    id: 7,
    email: 'a@example.com',
    websiteId: 1,
    firstName: 'A',
    lastName: 'B',
    isActive: true,
    passwordHash: BCRYPT_A,
    shopPasswordHash: BCRYPT_A,
    secondFactor: false,
  }
  const cases = [
    { name: 'same as the copy', shop: {}, copy, plan: { kind: 'unchanged', id: 7 } },
    {
      name: 'a bad email, active copy: skipped and switched off',
      shop: { email: 'a@' },
      copy,
      plan: { kind: 'skip', id: 7, reason: 'bad email', deactivate: true },
    },
    {
      name: 'a blank hash, no copy: skipped',
      shop: { passwordHash: '  ' },
      copy: undefined,
      plan: { kind: 'skip', id: 7, reason: 'empty password hash', deactivate: false },
    },
    {
      name: 'deactivated in the shop: written inactive, revoked',
      shop: { isActive: false },
      copy,
      plan: { kind: 'write', row: { ...copy, isActive: false }, insert: false, revoke: true, deactivate: true },
    },
    {
      name: 'awaiting email confirmation: inactive',
      shop: { confirmation: 'x1' },
      copy: undefined,
      plan: { kind: 'write', row: { ...copy, isActive: false }, insert: true, revoke: false, deactivate: false },
    },
    {
      name: "second factor on where allowed: the copy's flag on, not revoked",
      shop: { twofaEnabled: true },
      copy,
      plan: { kind: 'write', row: { ...copy, secondFactor: true }, insert: false, revoke: false, deactivate: false },
    },
    {
      name: 'second factor on where allow_2fa is off: the shop never asks, flag off',
      shop: { twofaEnabled: true, twofaAllowed: false },
      copy,
      plan: { kind: 'unchanged', id: 7 },
    },
    {
      name: 'second factor turned off in the shop: the flag goes off',
      shop: {},
      copy: { ...copy, secondFactor: true },
      plan: { kind: 'write', row: copy, insert: false, revoke: false, deactivate: false },
    },
    {
      name: 'renamed only: written, not revoked',
      shop: { lastName: 'C' },
      copy,
      plan: { kind: 'write', row: { ...copy, lastName: 'C' }, insert: false, revoke: false, deactivate: false },
    },
  ] as const
  for (const c of cases) {
    it(c.name, () => expect(planCustomer({ ...shop, ...c.shop }, c.copy)).toEqual(c.plan))
  }
})

describe('twofaWebsites: customer/password/allow_2fa as the shop reads it, per store view', () => {
  const stores = [
    { storeId: 0, websiteId: 0 },
    { storeId: 1, websiteId: 1 },
    { storeId: 2, websiteId: 2 },
    { storeId: 3, websiteId: 2 },
  ]
  const row = (scope: string, scopeId: number, value: string | null) => ({ scope, scopeId, value })
  const cases = [
    { name: "no row: config.xml's default, on", rows: [], on: [1, 2, 9] },
    { name: 'off by default', rows: [row('default', 0, '0')], on: [] },
    { name: 'off by default, on for website 2', rows: [row('default', 0, '0'), row('websites', 2, '1')], on: [2] },
    { name: 'on by default, off for website 2', rows: [row('default', 0, '1'), row('websites', 2, '0')], on: [1, 9] },
    { name: 'off for website 2 but on in one of its store views: counted on', rows: [row('websites', 2, '0'), row('stores', 3, '1')], on: [1, 2, 9] },
    { name: 'off in store view 1, the only one of website 1', rows: [row('stores', 1, '0')], on: [2, 9] },
    {
      name: 'the flag\'s spellings: "false", "", NULL off; "true", "yes" on',
      rows: [row('websites', 1, 'FALSE'), row('stores', 2, ''), row('stores', 3, null), row('default', 0, 'yes')],
      on: [9],
    },
  ]
  for (const c of cases) {
    it(c.name, () => {
      const allowed = twofaWebsites(c.rows, stores)
      expect([1, 2, 9].filter(allowed)).toEqual(c.on)
    })
  }
})

describe('missingFromShop: names what the sync reads and the shop lacks', () => {
  const all = Object.entries(SHOP_COLUMNS).flatMap(([table, columns]) => columns.map((column) => ({ table: `shop_${table}`, column })))
  it('nothing when every table and column is there', () => expect(missingFromShop(all, 'shop_')).toEqual([]))
  it('a table and a column', () => {
    const found = all.filter((f) => f.table !== 'shop_api_rule' && !(f.table === 'shop_customer_entity' && f.column === 'twofa_enabled'))
    expect(missingFromShop(found, 'shop_')).toEqual(['column shop_customer_entity.twofa_enabled', 'table shop_api_rule'])
  })
})

describe('api users', () => {
  const user: ShopApiUser = {
    id: 2,
    username: 'u',
    apiKeyHash: BCRYPT_A,
    clientId: null,
    clientSecretHash: null,
    isActive: true,
    allowedStoreIds: null,
    resources: ['orders/read'],
  }
  it('permissions: sorted, each once; `all` alone', () => {
    expect(permissionsOf(['products/all', 'orders/read', 'products/all'])).toEqual(['orders/read', 'products/all'])
    expect(permissionsOf(['products/all', 'all'])).toEqual(['all'])
    expect(permissionsOf([])).toEqual([])
  })
  const stores = [
    { text: '[3, 1, 3]', ids: [1, 3] },
    { text: '["2"]', ids: [2] },
    { text: '[]', ids: null },
    { text: 'null', ids: null },
  ]
  for (const { text, ids } of stores) {
    it(`allowed_store_ids ${text} → ${JSON.stringify(ids)}`, () => {
      const plan = planApiUser({ ...user, allowedStoreIds: text }, undefined)
      expect(plan.kind === 'write' && plan.row.allowedStoreIds).toEqual(ids)
    })
  }
  for (const text of ['{"a":1}', '[-1]', '[1.5]', 'oops']) {
    it(`allowed_store_ids ${text}: skipped`, () =>
      expect(planApiUser({ ...user, allowedStoreIds: text }, undefined)).toEqual({ kind: 'skip', id: 2, reason: 'bad allowed_store_ids', deactivate: false }))
  }
  it('no usable credential: skipped', () => {
    expect(planApiUser({ ...user, apiKeyHash: '' }, undefined)).toMatchObject({
      kind: 'skip',
      reason: 'no usable credential (username + api_key or client_id + client_secret)',
    })
  })
  it('a permission taken away revokes the tokens that carry it', () => {
    const first = planApiUser({ ...user, resources: ['orders/read', 'products/all'] }, undefined)
    if (first.kind !== 'write') throw new Error('expected a write')
    expect(planApiUser(user, first.row)).toMatchObject({ kind: 'write', revoke: true, deactivate: false })
  })
})

describe('startingPoint', () => {
  const stored = { updatedAt: '2026-03-01 00:02:00', lastId: 40 }
  it('no watermark: from the beginning, moving the watermark', () =>
    expect(startingPoint({ full: false, since: null }, null)).toEqual({ start: { updatedAt: '0000-00-00 00:00:00', lastId: 0 }, save: true }))
  it('a watermark: five minutes before it', () =>
    expect(startingPoint({ full: false, since: null }, stored)).toEqual({ start: { updatedAt: '2026-02-28 23:57:00', lastId: 0 }, save: true }))
  it('--full: from the beginning', () => expect(startingPoint({ full: true, since: null }, stored).start.updatedAt).toBe('0000-00-00 00:00:00'))
  it('--since: from then, the watermark left alone', () =>
    expect(startingPoint({ full: false, since: '2026-01-01 00:00:00' }, stored)).toEqual({
      start: { updatedAt: '2026-01-01 00:00:00', lastId: 0 },
      save: false,
    }))
})
