/** The directives of a `Cache-Control` header that the edge cache reads, lower-cased (RFC 9111 §5.2). */
export interface CacheDirectives {
  public: boolean
  private: boolean
  noStore: boolean
  noCache: boolean
  maxAge: number | undefined
  sMaxAge: number | undefined
  staleWhileRevalidate: number | undefined
}

/**
 * Parses a `Cache-Control` header. Pure. Unknown directives are ignored; a delta-seconds value that
 * is not a non-negative integer leaves its directive unset (RFC 9111 §1.2.2 lets a cache treat an
 * invalid value as stale, and an unset freshness lifetime makes the answer unstorable here).
 * `private="Set-Cookie"` and `no-cache="..."` count as `private` / `no-cache`: a field-qualified
 * form still marks the answer as not fit for a shared cache as a whole.
 */
export function parseCacheControl(value: string | null): CacheDirectives {
  const directives: CacheDirectives = {
    public: false,
    private: false,
    noStore: false,
    noCache: false,
    maxAge: undefined,
    sMaxAge: undefined,
    staleWhileRevalidate: undefined,
  }
  for (const part of (value ?? '').split(',')) {
    const eq = part.indexOf('=')
    const name = (eq < 0 ? part : part.slice(0, eq)).trim().toLowerCase()
    const argument =
      eq < 0
        ? undefined
        : part
            .slice(eq + 1)
            .trim()
            .replace(/^"(.*)"$/, '$1')
    switch (name) {
      case 'public':
        directives.public = true
        break
      case 'private':
        directives.private = true
        break
      case 'no-store':
        directives.noStore = true
        break
      case 'no-cache':
        directives.noCache = true
        break
      case 'max-age':
        directives.maxAge = seconds(argument)
        break
      case 's-maxage':
        directives.sMaxAge = seconds(argument)
        break
      case 'stale-while-revalidate':
        directives.staleWhileRevalidate = seconds(argument)
        break
    }
  }
  return directives
}

function seconds(argument: string | undefined): number | undefined {
  return argument !== undefined && /^[0-9]{1,10}$/.test(argument) ? Number(argument) : undefined
}
