// The deployed D1 and KV through Cloudflare's REST API: one HTTPS request per D1 batch (with bound
// parameters, so no value is ever spliced into SQL) and per 10,000 KV stamps. Works from any cron
// host with an API token; no wrangler login state, no child process per batch.
import { unstable_readConfig } from 'wrangler'
import { SyncError } from '../../src/sync'
import type { Statement, SyncTarget } from '../../src/sync'

export interface RemoteTargetOptions {
  config: string
  env: string | null
  /** CLOUDFLARE_ACCOUNT_ID, CLOUDFLARE_API_TOKEN and (as wrangler) CLOUDFLARE_API_BASE_URL. */
  variables: Record<string, string | undefined>
}

const API = 'https://api.cloudflare.com/client/v4'
// Workers KV bulk writes take at most 10,000 pairs per request.
const KV_BULK_MAX = 10_000

export function openRemoteTarget(options: RemoteTargetOptions): SyncTarget {
  const { variables } = options
  const token = variables.CLOUDFLARE_API_TOKEN
  const parsed = unstable_readConfig({ config: options.config, env: options.env ?? undefined }, { hideWarnings: true })
  const account = variables.CLOUDFLARE_ACCOUNT_ID ?? parsed.account_id
  if (!token || !account) throw new SyncError('usage', '--remote needs CLOUDFLARE_API_TOKEN and CLOUDFLARE_ACCOUNT_ID in the environment')
  const d1 = parsed.d1_databases.find((b: { binding: string }) => b.binding === 'DB')?.database_id
  const kv = parsed.kv_namespaces.find((b: { binding: string }) => b.binding === 'REVOKED')?.id
  if (!d1 || !kv || /REPLACE/.test(d1) || /REPLACE/.test(kv)) {
    throw new SyncError(
      'usage',
      `${options.config}${options.env ? ` (env ${options.env})` : ''} names no real DB database_id or REVOKED id (pass --env production?)`,
    )
  }
  const base = `${variables.CLOUDFLARE_API_BASE_URL ?? API}/accounts/${account}`

  async function call(method: string, path: string, body: unknown): Promise<unknown> {
    let response: Response
    try {
      response = await fetch(`${base}${path}`, {
        method,
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      })
    } catch (err) {
      throw new SyncError('connect', `cannot reach Cloudflare's API: ${err instanceof Error ? err.message : String(err)}`)
    }
    const answer = (await response.json().catch(() => null)) as { success?: boolean; result?: unknown; errors?: { message?: string }[] } | null
    if (response.status === 401 || response.status === 403) throw new SyncError('connect', `Cloudflare's API refused the token (${response.status})`)
    if (!response.ok || answer?.success !== true) {
      const reasons =
        answer?.errors
          ?.map((e) => e.message)
          .filter(Boolean)
          .join('; ') || `HTTP ${response.status}`
      throw new Error(`Cloudflare API ${method} ${path.split('/').slice(0, 3).join('/')}: ${reasons}`)
    }
    return answer.result
  }

  return {
    name: `remote D1 ${d1}`,
    async query(statement: Statement) {
      const result = (await call('POST', `/d1/database/${d1}/raw`, statement)) as { results?: { rows?: unknown[][] } }[]
      return result[0]?.results?.rows ?? []
    },
    async batch(statements: Statement[]) {
      if (statements.length === 0) return
      await call('POST', `/d1/database/${d1}/query`, { batch: statements })
    },
    async stampSubjects(subjects, seconds, ttlSeconds) {
      for (let i = 0; i < subjects.length; i += KV_BULK_MAX) {
        const pairs = subjects.slice(i, i + KV_BULK_MAX).map((s) => ({ key: `nbf:${s}`, value: String(seconds), expiration_ttl: ttlSeconds }))
        await call('PUT', `/storage/kv/namespaces/${kv}/bulk`, pairs)
      }
    },
    close: async () => undefined,
  }
}
