// Counts KV operations for the benchmark's "kv_reads_per_request" figure. A second copy of the
// gateway is started with REVOKED bound to this entrypoint (JS RPC) instead of KV itself; each
// call is counted and passed to the real namespace (INNER). Only used for counting, never timed.
import { WorkerEntrypoint } from 'cloudflare:workers'

interface CounterEnv {
  INNER: KVNamespace
}

const counts = { reads: 0, keysRead: 0, writes: 0 }

export default class KvCounter extends WorkerEntrypoint<CounterEnv> {
  get(key: string | string[], options?: unknown): Promise<unknown> {
    counts.reads += 1
    counts.keysRead += Array.isArray(key) ? key.length : 1
    return (this.env.INNER.get as (k: unknown, o: unknown) => Promise<unknown>)(key, options)
  }

  getWithMetadata(key: string | string[], options?: unknown): Promise<unknown> {
    counts.reads += 1
    counts.keysRead += Array.isArray(key) ? key.length : 1
    return (this.env.INNER.getWithMetadata as (k: unknown, o: unknown) => Promise<unknown>)(key, options)
  }

  put(key: string, value: string, options?: KVNamespacePutOptions): Promise<void> {
    counts.writes += 1
    return this.env.INNER.put(key, value, options)
  }

  delete(key: string): Promise<void> {
    counts.writes += 1
    return this.env.INNER.delete(key)
  }

  list(options?: KVNamespaceListOptions): Promise<unknown> {
    counts.reads += 1
    return this.env.INNER.list(options)
  }

  // GET / answers the counts so far; POST / resets them.
  override async fetch(request: Request): Promise<Response> {
    if (request.method === 'POST') Object.assign(counts, { reads: 0, keysRead: 0, writes: 0 })
    return Response.json(counts)
  }
}
