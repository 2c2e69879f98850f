import { ConfigError, type Config } from '../config'
import type { Env } from '../core'

/** Where a request goes: the fetcher to call and the URL to ask it for. */
export interface OriginTarget {
  fetcher: { fetch(request: Request): Promise<Response> }
  url: URL
}

/**
 * The origin for a canonical path: the `ORIGIN` service binding when bound (it wins; the URL's host
 * is then only a label, the client's own), else `ORIGIN_URL` with its path prefix kept.
 *
 * The path is set through `URL.pathname`, never by string concatenation, so no path can change the
 * host (`//evil.example/x` stays a path).
 */
export function originTarget(env: Env, config: Config, canonicalPath: string, requestUrl: URL): OriginTarget {
  if (!canonicalPath.startsWith('/')) throw new Error(`canonical path must start with "/": ${canonicalPath}`)
  if (env.ORIGIN) {
    return { fetcher: env.ORIGIN, url: withPath(new URL(requestUrl.origin), '', canonicalPath, requestUrl.search) }
  }
  const base = config.origin.url
  if (!base) throw new ConfigError("no origin: bind an ORIGIN service or set ORIGIN_URL to the shop's base URL")
  return { fetcher: globalThis, url: withPath(new URL(base), base.pathname.replace(/\/+$/, ''), canonicalPath, requestUrl.search) }
}

function withPath(url: URL, prefix: string, path: string, search: string): URL {
  url.pathname = prefix + path
  url.search = search
  url.hash = ''
  return url
}
