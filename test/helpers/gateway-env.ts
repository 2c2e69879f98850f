import { createExecutionContext, waitOnExecutionContext } from 'cloudflare:test'
import { env } from 'cloudflare:workers'
import type { Env } from '../../src/core/env'
import worker from '../../src/index'
import { API, freshIp } from './http'

/** Calls the gateway's default export with bindings overridden (fault injection), from a fresh IP. */
export async function callWith(overrides: Partial<Env> | Env, path: string, init: RequestInit = {}): Promise<Response> {
  const headers = new Headers(init.headers)
  if (!headers.has('CF-Connecting-IP')) headers.set('CF-Connecting-IP', freshIp())
  const ctx = createExecutionContext()
  const bindings = 'DB' in overrides && 'REVOKED' in overrides ? (overrides as Env) : { ...env, ...overrides }
  const res = await worker.fetch(new Request(path.startsWith('http') ? path : `${API}${path}`, { ...init, headers }), bindings, ctx)
  await waitOnExecutionContext(ctx)
  return res
}

/** `target` with the named methods replaced, every other member passed through. */
export function wrap<T extends object>(target: T, replaced: Partial<Record<keyof T, unknown>>): T {
  return new Proxy(target, {
    get(inner, name) {
      if (Object.hasOwn(replaced, name)) return replaced[name as keyof T]
      const value = Reflect.get(inner, name)
      return typeof value === 'function' ? value.bind(inner) : value
    },
  })
}
