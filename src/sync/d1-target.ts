// The sync Worker's target: gatehouse's D1 and KV through the Worker's own bindings (the Node
// CLI reaches the same ones through Miniflare or Cloudflare's API, scripts/sync/).
import { nbfKey } from '../auth'
import type { Statement, SyncTarget } from './target'

// KV allows a Worker invocation about a thousand operations: stamps go out this many at a time,
// and a run that must revoke more than that many subjects at once stops part-way (resumable).
const STAMPS_AT_ONCE = 50

export interface SyncBindings {
  DB: D1Database
  REVOKED: KVNamespace
}

/** D1 and KV as the sync writes them: reads as rows of values, batches as one D1 transaction each. */
export function d1Target(env: SyncBindings): SyncTarget {
  const prepare = ({ sql, params }: Statement) => env.DB.prepare(sql).bind(...params)
  return {
    name: 'D1 (binding DB)',
    query: (statement) => prepare(statement).raw(),
    async batch(statements) {
      if (statements.length > 0) await env.DB.batch(statements.map(prepare))
    },
    async stampSubjects(subjects, seconds, ttlSeconds) {
      for (let i = 0; i < subjects.length; i += STAMPS_AT_ONCE) {
        const chunk = subjects.slice(i, i + STAMPS_AT_ONCE)
        await Promise.all(chunk.map((subject) => env.REVOKED.put(nbfKey(subject), String(seconds), { expirationTtl: ttlSeconds })))
      }
    },
    close: async () => undefined,
  }
}
