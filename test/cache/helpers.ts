import type { Env } from '../../src/core/env'
import { callWith } from '../helpers/gateway-env'
import { newProbe, PROBE_HEADER } from '../helpers/origin'

/** The demo shop's request headers that shape its answer (demo/origin/src/caching.ts). */
export const ANSWER_HEADERS = 'X-Demo-Answer-Headers'
/** Asks the demo shop to mark its catalogue answer public, as a shop's catalogue is (its echo is private otherwise). */
export const PUBLIC_CATALOGUE = { 'X-Demo-Cache': 'public' } as const

/** One answer through the gateway, with everything a cache test looks at. */
export interface Seen {
  status: number
  cache: string | null
  body: string
  headers: Headers
}

/**
 * A catalogue path no other test uses (its own cache keys), and a probe counting the shop's hits
 * for it. Requests go through `callWith`, which waits for the request's background work (the
 * cache put, a revalidation) before returning, so the next request sees what this one stored.
 */
export function catalogue(path = '/products/1') {
  const probe = newProbe()
  const unique = `${path}${path.includes('?') ? '&' : '?'}case=${probe}`
  return {
    path: unique,
    probe,
    async get(init: RequestInit = {}, overrides: Partial<Env> = {}, at = unique): Promise<Seen> {
      const headers = new Headers(init.headers)
      headers.set(PROBE_HEADER, probe)
      for (const [name, value] of Object.entries(PUBLIC_CATALOGUE)) if (!headers.has(name)) headers.set(name, value)
      const res = await callWith(overrides, at, { ...init, headers })
      return { status: res.status, cache: res.headers.get('x-gatehouse-cache'), body: await res.text(), headers: res.headers }
    },
  }
}

/** Shop answer headers for X-Demo-Answer-Headers. */
export const shopAnswers = (headers: Record<string, string>) => ({ [ANSWER_HEADERS]: JSON.stringify(headers) })
