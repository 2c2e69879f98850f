// The sync Worker (src/sync/worker.ts) as it deploys: bundled by wrangler from wrangler.sync.toml,
// run by Miniflare on a state folder's local D1/KV, with its Hyperdrive binding pointed at a MariaDB
// database (Miniflare's Hyperdrive connects straight to it, as `wrangler dev` does).
import { join } from 'node:path'
import { Miniflare, convertV4MiniflareOptions } from 'miniflare'
import { wranglerBundle } from './wrangler-bundle'

export interface SyncWorker {
  /** Fires the Cron Trigger once; `ok` or `exception`, as the platform's cron history records it. */
  scheduled(): Promise<string>
  /** Every line the Worker logged, parsed where it is JSON. */
  logs: unknown[]
  dispose(): Promise<void>
}

export async function startSyncWorker(persistTo: string, databaseUrl: string, vars: Record<string, string> = {}): Promise<SyncWorker> {
  const { dir, modules } = await wranglerBundle('wrangler.sync.toml', 'worker.js')
  const logs: unknown[] = []
  const mf = new Miniflare(
    convertV4MiniflareOptions({
      resourcePersistencePath: join(persistTo, 'v3'),
      name: 'gatehouse-sync',
      modulesRoot: dir,
      modules,
      compatibilityDate: '2026-11-01',
      compatibilityFlags: ['nodejs_compat'],
      d1Databases: { DB: '00000000-0000-0000-0000-000000000000' },
      kvNamespaces: { REVOKED: '00000000000000000000000000000000' },
      hyperdrives: { SHOP_DATABASE: databaseUrl },
      bindings: vars,
      handleStructuredLogs: ({ message }) => {
        try {
          logs.push(JSON.parse(message))
        } catch {
          logs.push(message)
        }
      },
    }),
  )
  await mf.ready
  return {
    logs,
    async scheduled() {
      const worker = await mf.getWorker()
      const result = await worker.scheduled({ cron: '*/5 * * * *', scheduledTime: new Date() })
      return result.outcome
    },
    dispose: () => mf.dispose(),
  }
}
