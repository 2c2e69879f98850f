// `npm run sync -- --demo`: a private MariaDB holding a small demo shop database (the demo accounts
// in the shop's own tables), so a sync can be tried end to end before pointing it at a real shop.
// The table layout is the one the sync tests use (test/sync/shop-schema.sql); the rows are
// seed/shop-demo.sql, which names only the columns the sync reads.
import { randomBytes } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { createConnection } from 'mysql2/promise'
import { startMariadb } from './mariadb-server'

export const DEMO_FILES = { layout: 'test/sync/shop-schema.sql', rows: 'seed/shop-demo.sql' } as const

export interface DemoShop {
  /** A SELECT-only user of the demo database, as a real shop's sync user would be. */
  url: string
  stop(): Promise<void>
}

/** Starts the server, loads the layout and the demo rows (no table prefix), and returns the sync's URL. */
export async function startDemoShop(root: string): Promise<DemoShop> {
  const server = await startMariadb()
  try {
    const admin = await createConnection({ uri: server.adminUrl, multipleStatements: true })
    const password = randomBytes(12).toString('hex')
    await admin.query('CREATE DATABASE maho_demo CHARACTER SET utf8mb4 COLLATE utf8mb4_general_ci')
    await admin.query("CREATE USER 'gatehouse_sync'@'127.0.0.1' IDENTIFIED BY ?", [password])
    await admin.query("GRANT SELECT ON maho_demo.* TO 'gatehouse_sync'@'127.0.0.1'")
    await admin.query('USE maho_demo')
    for (const file of [DEMO_FILES.layout, DEMO_FILES.rows]) await admin.query(readFileSync(join(root, file), 'utf8').replaceAll('{prefix}', ''))
    await admin.end()
    return { url: `mysql://gatehouse_sync:${password}@127.0.0.1:${server.port}/maho_demo`, stop: server.stop }
  } catch (err) {
    await server.stop()
    throw err
  }
}
