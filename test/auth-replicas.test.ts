// Read replicas (docs/credentials.md "Read replicas"): a login's and a refresh's credential reads
// go through a D1 session that may start at the nearest replica; lockout and refresh claims are
// decided on the primary. Local D1 has no replicas, so test/helpers/replicas.ts stands in one that
// has not yet received some rows.
import { env } from 'cloudflare:workers'
import { describe, expect, it } from 'vitest'
import { requestContext } from '../src/context'
import { findCustomersByEmail } from '../src/db/accounts'
import { upsertCustomerCopy } from '../src/db/copies'
import { lockKey } from '../src/db/lockout'
import { createCustomer, uniqueEmail } from './helpers/accounts'
import { ANSWERS, oauthError } from './helpers/answers'
import { createShopCustomer, customerRow, loginWith, recordingShop, UNLIMITED } from './helpers/fallback'
import { callWith } from './helpers/gateway-env'
import { replicatedD1 } from './helpers/replicas'
import { bearer, customerClaims, mint, nowSeconds } from './helpers/tokens'

const SLOW = { timeout: 60_000 }
const CUSTOMER_LOGIN = (email: string) => ({ email, password: 'password123' })

function refreshWith(DB: D1Database, token: string, headers: Record<string, string> = {}): Promise<Response> {
  return callWith({ ...UNLIMITED, DB }, '/auth/refresh', { method: 'POST', headers: { ...bearer(token), ...headers } })
}

async function tokenOf(res: Response): Promise<string> {
  expect(res.status).toBe(200)
  return (await res.json<{ token: string }>()).token
}

describe('which D1 session a request opens', SLOW, () => {
  const ROWS: { name: string; send: (DB: D1Database) => Promise<Response>; status: number; opened: string[] }[] = [
    { name: 'a login', send: async (DB) => loginWith({ DB }, CUSTOMER_LOGIN((await createCustomer()).email)), status: 200, opened: ['first-unconstrained'] },
    {
      name: 'a refresh',
      send: async (DB) => refreshWith(DB, await mint(customerClaims((await createCustomer()).id))),
      status: 200,
      opened: ['first-unconstrained'],
    },
    {
      name: 'a logout (no D1 at all)',
      send: async (DB) => callWith({ DB }, '/auth/logout', { method: 'POST', headers: bearer(await mint(customerClaims())) }),
      status: 200,
      opened: [],
    },
    { name: 'a public GET (no D1 at all)', send: (DB) => callWith({ DB }, '/products'), status: 200, opened: [] },
    {
      name: 'an authorised GET (no D1 at all)',
      send: async (DB) => callWith({ DB }, '/customers/me', { headers: bearer(await mint(customerClaims())) }),
      status: 200,
      opened: [],
    },
  ]
  it.each(ROWS)('$name → $status, sessions $opened', async (row) => {
    const { DB, opened } = replicatedD1()
    const res = await row.send(DB)
    expect(res.status).toBe(row.status)
    expect(opened).toEqual(row.opened)
  })

  // A client never chooses where gatehouse reads, and never learns a bookmark: the header is ignored
  // on the way in and never set on the way out.
  const BOOKMARKS: { name: string; value: string }[] = [
    { name: 'asks for the primary', value: 'first-primary' },
    { name: 'garbage', value: 'not-a-bookmark' },
    { name: 'shaped like a bookmark from the future', value: 'ffffffff-ffffffff-ffffffff-ffffffffffffffffffffffffffffffff' },
    { name: 'empty', value: '' },
    { name: 'very long', value: 'b'.repeat(8000) },
  ]
  it.each(BOOKMARKS)('an x-d1-bookmark header that $name changes nothing and is never answered', async ({ value }) => {
    const { DB, opened } = replicatedD1()
    const { id, email } = await createCustomer()
    const login = await loginWith({ DB }, CUSTOMER_LOGIN(email), { 'x-d1-bookmark': value })
    expect(login.headers.get('x-d1-bookmark')).toBeNull()
    const refresh = await refreshWith(DB, await tokenOf(login), { 'x-d1-bookmark': value })
    expect(refresh.status).toBe(200)
    expect(refresh.headers.get('x-d1-bookmark')).toBeNull()
    expect(await refresh.json()).toMatchObject({ customer: { id, email } })
    expect(opened).toEqual(['first-unconstrained', 'first-unconstrained'])
  })
})

describe('a replica that has not yet received the newest rows', SLOW, () => {
  it('a login whose copy is not on the replica yet is asked of the shop, and answered', async () => {
    const { id, email } = await createShopCustomer('replica-login')
    expect(await tokenOf(await loginWith({}, CUSTOMER_LOGIN(email)))).toBeTruthy()
    const { DB } = replicatedD1(/from "customers"/)
    const { shop, seen } = recordingShop()
    const res = await loginWith({ DB, ORIGIN: shop }, CUSTOMER_LOGIN(email))
    expect(res.status).toBe(200)
    expect(await res.json()).toMatchObject({ customer: { id, email } })
    expect(seen.map((r) => new URL(r.url).pathname)).toEqual(['/api/rest/v2/auth/token'])
  })

  it('a refresh right after a login the shop answered, before the copy reached the replica: the primary answers', async () => {
    const { id, email } = await createShopCustomer('replica-refresh')
    const token = await tokenOf(await loginWith({}, CUSTOMER_LOGIN(email)))
    const { DB } = replicatedD1(/from "customers"/)
    const res = await refreshWith(DB, token)
    expect(res.status).toBe(200)
    expect(await res.json()).toMatchObject({ customer: { id, email, firstName: 'Shop', lastName: 'Only' } })
  })

  it("a refresh of an account gone inactive is refused on the primary's word", async () => {
    const { id, email } = await createCustomer({ active: false })
    const { DB } = replicatedD1(/from "customers"/)
    const res = await refreshWith(DB, await mint(customerClaims(id, email)))
    expect(res.status).toBe(401)
    expect(await res.json()).toEqual(ANSWERS.invalidToken)
  })

  it('a lock set on the primary holds against the right password, whatever the replica has seen', async () => {
    const { email } = await createCustomer()
    const until = nowSeconds() + 600
    await env.DB.prepare('insert into login_failures (identity_hash, locked_until) values (?, ?)')
      .bind(await lockKey('customer', email), until)
      .run()
    const { DB } = replicatedD1(/from "login_failures"/)
    const res = await loginWith({ DB }, CUSTOMER_LOGIN(email))
    expect(res.status).toBe(429)
    expect(await res.json()).toEqual(oauthError(ANSWERS.tooMany))
  })

  it('failures are counted and the lock read on the primary, so a replica that never sees them locks all the same', async () => {
    const { email } = await createCustomer()
    const { DB } = replicatedD1(/from "login_failures"/)
    const statuses: number[] = []
    for (let i = 0; i < 4; i++) statuses.push((await loginWith({ DB, LOCKOUT_MAX_FAILURES: '3' }, { email, password: `wrong-${i}` })).status)
    expect(statuses).toEqual([401, 401, 401, 429])
  })
})

describe('read-your-writes within one request', SLOW, () => {
  it('a session that may start at a replica reads the copy it has just stored', async () => {
    const ctx = requestContext(env, { d1: 'first-unconstrained' })
    const email = uniqueEmail('ryw')
    const copy = { id: 900_000 + Math.floor(Math.random() * 99_999), email, firstName: 'Read', lastName: 'Own', passwordHash: 'x', websiteId: 1 }
    await upsertCustomerCopy(ctx.db, copy, ctx.now)
    expect(await findCustomersByEmail(ctx.db, email, 1)).toMatchObject([{ id: copy.id, email, firstName: 'Read', isActive: true }])
  })

  it('a login the shop answered stores the copy and answers with the stored row', async () => {
    const { id, email } = await createShopCustomer('replica-store')
    const { DB, opened } = replicatedD1()
    const res = await loginWith({ DB }, CUSTOMER_LOGIN(email))
    expect(res.status).toBe(200)
    const stored = await customerRow(email)
    expect(await res.json()).toMatchObject({ customer: { id: stored!.id, email: stored!.email, firstName: stored!.first_name, lastName: stored!.last_name } })
    expect(stored).toMatchObject({ id, is_active: 1 })
    expect(opened).toEqual(['first-unconstrained'])
  })
})
