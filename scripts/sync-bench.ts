// `npm run bench:sync`: how fast `npm run sync` fills a local D1. Starts a private MariaDB, loads
// 100,000 generated customers in the shop's layout, times a full import, then an incremental run
// after 100 password changes. Prints the figures docs/sync.md quotes and writes them to
// bench/last-sync.json.
import { createHash } from 'node:crypto'
import { writeFileSync } from 'node:fs'
import { parseOptions } from './sync/options'
import { runSync } from './sync/run'
import { startMariadb } from '../test/sync/mariadb'
import { migratedState } from '../test/sync/d1'
import { createShop } from '../test/sync/shop-fixture'

const CUSTOMERS = Number(process.env.BENCH_CUSTOMERS ?? 100_000)
const CHANGES = 100
const BATCH = process.env.BENCH_BATCH ?? '1000'
const T0 = Date.UTC(2026, 0, 1, 10)
// One customer changed per second up to T0: the re-read window before the watermark holds 300.
const secondsBefore = (n: number) => new Date(T0 - n * 1000).toISOString().slice(0, 19).replace('T', ' ')

const server = await startMariadb()
const state = migratedState()
try {
  const shop = await createShop(server.adminUrl)
  const p = shop.prefix
  const ids = { first: await shop.attributeId('firstname'), last: await shop.attributeId('lastname'), hash: await shop.attributeId('password_hash') }
  const hash = (i: number) => `${createHash('md5').update(`s${i}password-${i}`).digest('hex')}:s${i}`
  const loadStarted = performance.now()
  for (let from = 1; from <= CUSTOMERS; from += 1000) {
    const range = Array.from({ length: Math.min(1000, CUSTOMERS - from + 1) }, (_, k) => from + k)
    await shop.sql.query(`INSERT INTO ${p}customer_entity (entity_id, website_id, email, updated_at) VALUES ?`, [
      range.map((i) => [i, 1, `customer${i}@example.com`, secondsBefore(CUSTOMERS - i)]),
    ])
    await shop.sql.query(`INSERT INTO ${p}customer_entity_varchar (entity_type_id, attribute_id, entity_id, value) VALUES ?`, [
      range.flatMap((i) => [
        [1, ids.first, i, `First${i}`],
        [1, ids.last, i, `Last${i}`],
        [1, ids.hash, i, hash(i)],
      ]),
    ])
  }
  console.log(`loaded ${CUSTOMERS} customers into MariaDB in ${((performance.now() - loadStarted) / 1000).toFixed(1)} s`)

  const options = (flags: string[]) =>
    parseOptions(['--local', '--persist-to', state.persistTo, '--table-prefix', p, '--batch-size', BATCH, ...flags], { SHOP_DATABASE_URL: shop.url })
  const full = await runSync(options([]), { env: {}, stderr: process.stderr })
  if (full.failure || full.report.error) throw new Error(`full import failed: ${full.report.error}`)
  const rowsPerSecond = full.report.customers.read / full.report.seconds
  console.log(
    `full import: ${full.report.customers.inserted} customers in ${full.report.seconds.toFixed(1)} s = ${Math.round(rowsPerSecond)} rows/s (batch ${BATCH})`,
  )

  // 100 changed passwords, an hour after the import's watermark: outside the re-read window.
  for (let i = 1; i <= CHANGES; i++) {
    const id = Math.floor((i * CUSTOMERS) / (CHANGES + 1))
    await shop.sql.query(`UPDATE ${p}customer_entity_varchar SET value = ? WHERE entity_id = ? AND attribute_id = ?`, [hash(id + CUSTOMERS), id, ids.hash])
    await shop.sql.query(`UPDATE ${p}customer_entity SET updated_at = ? WHERE entity_id = ?`, [secondsBefore(-3600), id])
  }
  const incremental = await runSync(options([]), { env: {}, stderr: process.stderr })
  if (incremental.failure || incremental.report.error) throw new Error(`incremental sync failed: ${incremental.report.error}`)
  console.log(
    `incremental sync: ${incremental.report.customers.updated} changed customers (${incremental.report.customers.revoked} revoked, ${incremental.report.customers.read} read) in ${incremental.report.seconds.toFixed(2)} s, including the deleted-account sweep over ${CUSTOMERS} ids`,
  )

  const summary = {
    customers: CUSTOMERS,
    batchSize: Number(BATCH),
    fullImportSeconds: full.report.seconds,
    rowsPerSecond,
    incrementalSeconds: incremental.report.seconds,
    incrementalChanged: incremental.report.customers.updated,
  }
  writeFileSync('bench/last-sync.json', `${JSON.stringify(summary, null, 2)}\n`)
  await shop.close()
} finally {
  state.remove()
  await server.stop()
}
