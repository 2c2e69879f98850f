import { fail } from '../core'

// The requests whose first D1 read may come from a replica: the credential reads of a login and a
// refresh. Every write of theirs still goes to the primary (D1 forwards it) and later reads of the
// same session see it; a copy a lagging replica lacks sends the login to the shop and the refresh
// to the primary. A copy the primary has moved past (a new password, a deactivation) answers
// nothing: a login checks the verified row in its lockout batch on the primary
// (src/db/lockout.ts `recordCopySuccess`), a refresh is claimed only for an account active there
// (src/db/refreshed-tokens.ts). What the lag still changes: docs/credentials.md "Read replicas".
const NEAR_READS: ReadonlySet<string> = new Set(['POST /api/rest/v2/auth/token', 'POST /api/rest/v2/auth/refresh'])

/**
 * Which D1 session a request opens. Pure. A login or a refresh starts `first-unconstrained`
 * (the nearest copy of the database); every other request `first-primary`, so a route that later
 * reads accounts never sees less than the primary by default.
 *
 * @example
 * sessionConstraint('POST', '/api/rest/v2/auth/token') // 'first-unconstrained'
 */
export function sessionConstraint(method: string, path: string): D1SessionConstraint {
  // Both are POSTs: every other request is decided without building the key.
  return method === 'POST' && NEAR_READS.has(`${method} ${path}`) ? 'first-unconstrained' : 'first-primary'
}

/**
 * Opens a D1 session (sequentially consistent: each query sees every earlier one of the session,
 * writes included). A binding that cannot open one is `storage_unavailable` (503), as a failed query is.
 */
export function openSession(d1: D1Database, constraint: D1SessionConstraint): D1DatabaseSession {
  try {
    return d1.withSession(constraint)
  } catch (err) {
    fail('storage_unavailable', { detail: `D1 session failed: ${String(err)}`, event: { event: 'storage_unavailable', store: 'd1' } })
  }
}
