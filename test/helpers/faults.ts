// Broken bindings for fault tests: each wraps the real binding of the test's env and breaks only
// the named operations, so the code under test runs unchanged against real local storage otherwise.
import { createExecutionContext } from 'cloudflare:test'
import { env } from 'cloudflare:workers'
import type { Env } from '../../src/core/env'
import worker from '../../src/index'

/** A promise that never settles: a store that hangs. */
export const hang = (): Promise<never> => new Promise(() => {})
/** A store that answers with an error. */
export const reject = (): Promise<never> => Promise.reject(new Error('injected storage failure'))

type KvOps = Partial<Record<'get' | 'put', (...args: unknown[]) => Promise<unknown>>>

/** The real REVOKED namespace with `get` and/or `put` replaced. */
export function brokenKv(ops: KvOps): KVNamespace {
  const real = env.REVOKED
  return {
    get: ops.get ?? real.get.bind(real),
    put: ops.put ?? real.put.bind(real),
    delete: real.delete.bind(real),
    list: real.list.bind(real),
    getWithMetadata: real.getWithMetadata.bind(real),
  } as unknown as KVNamespace
}

/**
 * The real DB with every statement whose SQL matches `broken` failing when run (or, with
 * `at: 'prepare'`, failing already when prepared), on the binding and in every session it opens
 * alike (`session: 'throws'`: opening a session fails instead).
 */
export function brokenD1(broken: RegExp = /./, at: 'prepare' | 'run' = 'run', session: 'broken' | 'throws' = 'broken'): D1Database {
  const real = env.DB
  const broke = new WeakSet<D1PreparedStatement>()
  const failing = (stmt: D1PreparedStatement): D1PreparedStatement => {
    const proxy = new Proxy(stmt, {
      get(target, name) {
        if (name === 'bind') return (...values: unknown[]) => failing(target.bind(...values))
        if (['all', 'first', 'run', 'raw'].includes(String(name))) return reject
        const value: unknown = Reflect.get(target, name)
        return typeof value === 'function' ? value.bind(target) : value
      },
    })
    broke.add(proxy)
    return proxy
  }
  const queries = {
    prepare(sql: string) {
      if (!broken.test(sql)) return real.prepare(sql)
      if (at === 'prepare') throw new Error('injected D1 failure')
      return failing(real.prepare(sql))
    },
    batch: (statements: D1PreparedStatement[]) => (statements.some((s) => broke.has(s)) ? reject() : real.batch(statements)),
  }
  return {
    ...queries,
    exec: reject,
    dump: reject,
    withSession: () => {
      if (session === 'throws') throw new Error('injected D1 failure')
      return { ...queries, getBookmark: () => null }
    },
  } as unknown as D1Database
}

/**
 * An origin that cannot be reached: its fetch rejects as workerd's does when nothing listens
 * ("Network connection lost."). A real refused connection would work too, but workerd then prints
 * an uncaught-exception trace into the test output although the gateway handles the rejection.
 */
export const unreachableOrigin = { fetch: () => Promise.reject(new Error('Network connection lost.')) } as unknown as Fetcher

/** A rate limiter binding that fails. */
export const brokenLimiter = { limit: reject } as unknown as RateLimit

/** Sends a request to the gateway with some bindings or vars replaced. */
export async function fetchWith(overrides: Partial<Env>, request: Request): Promise<Response> {
  return await worker.fetch(request, { ...env, ...overrides }, createExecutionContext())
}
