import type { SessionConfig } from '../config'

/** The header a cookie-authenticated unsafe request must carry; a cross-site form cannot send any header. */
export const CSRF_HEADER = 'X-Requested-With'

const SAFE_METHODS: ReadonlySet<string> = new Set(['GET', 'HEAD', 'OPTIONS'])

/** What the CSRF rule reads of a request. */
export interface CsrfFacts {
  method: string
  /** The request's own origin (scheme://host[:port]), for Sec-Fetch-Site: same-origin. */
  ownOrigin: string
  origin: string | null
  secFetchSite: string | null
  csrfHeader: string | null
}

/**
 * Why a cookie-authenticated request must be refused as possibly cross-site, or undefined when it
 * may go on. Safe methods always may (SameSite keeps cookies off cross-site subresources, and GET
 * changes nothing). An unsafe one needs both:
 * - a first-party origin: `Origin` is a configured cookie origin, or `Sec-Fetch-Site: same-origin`
 *   with no `Origin` or `Origin` equal to the request's own (Fetch Metadata, W3C);
 * - a non-empty `X-Requested-With`, which a form or a simple request cannot carry, and a
 *   cross-origin script can only send after a CORS preflight the gateway refuses for other origins.
 * Pure.
 */
export function csrfProblem(facts: CsrfFacts, config: SessionConfig): string | undefined {
  if (SAFE_METHODS.has(facts.method)) return undefined
  const allowedOrigin = facts.origin !== null && config.cookieOrigins.includes(facts.origin)
  const sameOrigin = facts.secFetchSite === 'same-origin' && (facts.origin === null || facts.origin === facts.ownOrigin)
  if (!allowedOrigin && !sameOrigin) return `origin ${facts.origin ?? '(none)'}, Sec-Fetch-Site ${facts.secFetchSite ?? '(none)'}`
  if (!facts.csrfHeader?.trim()) return `no ${CSRF_HEADER}`
  return undefined
}

/** The CSRF facts of a request. */
export function csrfFacts(request: Request, url: URL): CsrfFacts {
  return {
    method: request.method,
    ownOrigin: url.origin,
    origin: request.headers.get('Origin'),
    secFetchSite: request.headers.get('Sec-Fetch-Site'),
    csrfHeader: request.headers.get(CSRF_HEADER),
  }
}
