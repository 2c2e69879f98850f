// Test hooks on the demo shop's state, under /__demo/shop/ (outside /api/rest/v2, so the gateway
// never routes them from clients). Tests use them to look at what the shop stored and to create
// accounts in it without the cost of a registration.
import { sql } from 'drizzle-orm'
import { Hono } from 'hono'
import { customerByEmail } from './accounts'
import { readFields, stringField } from './body'
import { apiUsers, customers, customerTwofa } from './schema'
import type { ShopApp } from './app'
import { shopDb } from './state'

// The bulk hook's customers have this hash, which matches no password: they can hold tokens but never log in.
const NO_PASSWORD = '!'
const MAX_BULK = 200_000

export const shopHooks = new Hono<ShopApp>()

// GET /__demo/shop/customers?email=…: the stored customer (hash included), or 404.
shopHooks.get('/customers', async (c) => {
  const email = c.req.query('email') ?? ''
  const row = await customerByEmail(await shopDb(c.env.SHOP_DB), email)
  return row ? c.json(row) : c.json({ demo: true, found: false }, 404)
})

// POST /__demo/shop/customers {email, passwordHash, firstName?, lastName?, isActive?, twofaSecret?} → {id, email}.
// With `twofaSecret` (base32) the customer has the second factor on.
shopHooks.post('/customers', async (c) => {
  const fields = await readFields(c.req.raw)
  const email = fields && stringField(fields, 'email')
  const passwordHash = fields && stringField(fields, 'passwordHash')
  if (!fields || !email || !passwordHash) return c.json({ demo: true, error: 'email and passwordHash are required' }, 400)
  const row = await (await shopDb(c.env.SHOP_DB))
    .insert(customers)
    .values({
      email: email.toLowerCase(),
      passwordHash,
      firstName: stringField(fields, 'firstName') ?? 'Test',
      lastName: stringField(fields, 'lastName') ?? 'User',
      isActive: fields.isActive !== false,
    })
    .returning({ id: customers.id, email: customers.email })
    .get()
  const twofaSecret = stringField(fields, 'twofaSecret')
  if (row && twofaSecret) await (await shopDb(c.env.SHOP_DB)).insert(customerTwofa).values({ customerId: row.id, secret: twofaSecret })
  return c.json(row)
})

// POST /__demo/shop/api-users {username, clientId, secretHash, permissions, isActive?} → {id, clientId}:
// a service account whose client_secret and api_key both have `secretHash`.
shopHooks.post('/api-users', async (c) => {
  const fields = await readFields(c.req.raw)
  const username = fields && stringField(fields, 'username')
  const clientId = fields && stringField(fields, 'clientId')
  const secretHash = fields && stringField(fields, 'secretHash')
  const permissions = fields?.permissions
  if (!fields || !username || !clientId || !secretHash || !Array.isArray(permissions)) {
    return c.json({ demo: true, error: 'username, clientId, secretHash and permissions are required' }, 400)
  }
  const row = await (await shopDb(c.env.SHOP_DB))
    .insert(apiUsers)
    .values({
      username,
      clientId,
      clientSecretHash: secretHash,
      apiKeyHash: secretHash,
      isActive: fields.isActive !== false,
      permissions: JSON.stringify(permissions),
    })
    .returning({ id: apiUsers.id, clientId: apiUsers.clientId })
    .get()
  return c.json(row)
})

// POST /__demo/shop/customers/bulk {fromId, count}: customers fromId … fromId+count-1 as
// `bulk-<id>@example.com` that can hold tokens but never log in (the benchmark's many subjects).
shopHooks.post('/customers/bulk', async (c) => {
  const fields = await readFields(c.req.raw)
  const fromId = fields?.fromId
  const count = fields?.count
  if (!Number.isSafeInteger(fromId) || !Number.isSafeInteger(count) || (fromId as number) < 1 || (count as number) < 1 || (count as number) > MAX_BULK) {
    return c.json({ demo: true, error: `fromId >= 1 and count 1..${MAX_BULK} are required` }, 400)
  }
  const last = (fromId as number) + (count as number) - 1
  // D1 binds JavaScript numbers as REAL: cast, or the emails would read `bulk-7.0@…`.
  await (await shopDb(c.env.SHOP_DB)).run(sql`
    insert or ignore into customers (id, email, password_hash, first_name, last_name, is_active)
    with recursive n(i) as (select cast(${fromId} as integer) union all select i + 1 from n where i < cast(${last} as integer))
    select i, 'bulk-' || i || '@example.com', ${NO_PASSWORD}, 'Bulk', 'Customer', 1 from n`)
  return c.json({ demo: true, fromId, count })
})
