// One run of `npm run sync`: the flags become a sync plan (src/sync/run.ts) with the shop's
// database from the URL, D1/KV local or remote, and a progress bar on a terminal.
import { ShopDatabase, type SyncResult, type SyncTarget, syncEdgeCopy } from '../../src/sync'
import { openLocalTarget } from './local-target'
import type { SyncOptions } from './options'
import { progressBar } from './progress-bar'
import { openRemoteTarget } from './remote-target'

export type { SyncResult }

export interface SyncDeps {
  env: Record<string, string | undefined>
  stderr: NodeJS.WriteStream
  /** Opens the D1/KV to write; default: local or remote per the options. */
  openTarget?: (options: SyncOptions) => Promise<SyncTarget>
  now?: () => number
}

export function runSync(options: SyncOptions, deps: SyncDeps): Promise<SyncResult> {
  const { stderr } = deps
  return syncEdgeCopy({
    full: options.full,
    since: options.since,
    dryRun: options.dryRun,
    batchSize: options.batchSize,
    confirmAgeSeconds: options.confirmAgeSeconds,
    targetLabel: options.target,
    openShop: () => ShopDatabase.open(options.databaseUrl, options.tablePrefix),
    openTarget: () => (deps.openTarget ?? defaultTarget(deps.env))(options),
    secrets: databaseSecrets(options.databaseUrl),
    now: deps.now,
    // Counting the customers costs a query: only for a bar someone sees.
    progress: options.json || !stderr.isTTY ? undefined : async (count) => progressBar(stderr, 'customers', await count()),
  })
}

function defaultTarget(env: Record<string, string | undefined>) {
  return async (options: SyncOptions): Promise<SyncTarget> =>
    options.target === 'remote'
      ? openRemoteTarget({ config: options.config, env: options.env, variables: env })
      : openLocalTarget({ config: options.config, env: options.env, persistTo: options.persistTo })
}

/** The database URL and its password, as typed and decoded: never in a report. */
export function databaseSecrets(url: string): string[] {
  try {
    const parsed = new URL(url)
    return [url, parsed.password, decodeURIComponent(parsed.password)]
  } catch {
    return [url]
  }
}
