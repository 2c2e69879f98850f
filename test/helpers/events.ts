// Helpers for the security-event suites: read the trail through its API, or straight from D1.
import { env } from 'cloudflare:workers'
import { expect } from 'vitest'
import { recordSecurityEvent, type SecurityEventRow } from '../../src/db/events'
import { callWith } from './gateway-env'
import { bearer, mint, serviceClaims } from './tokens'

/** A service token holding `events/read` only. */
export const reader = () => mint(serviceClaims(40, 'ops', ['events/read']))

/** `GET /auth/events?<query>` with a Bearer (none when `token` is undefined); waits for the request's background work. */
export async function readEvents(query: string, token?: string): Promise<Response> {
  return callWith({}, `/auth/events${query ? `?${query}` : ''}`, { headers: token === undefined ? {} : bearer(token) })
}

/** The events of one request, read through the API as a holder of events/read. */
export async function eventsOfRequest(requestId: string | null): Promise<SecurityEventRow[]> {
  expect(requestId).toMatch(/.+/)
  const rows = await env.DB.prepare('select id from security_events where request_id = ?').bind(requestId).all()
  if (rows.results.length === 0) return []
  const res = await readEvents('limit=500', await reader())
  expect(res.status).toBe(200)
  const { events } = await res.json<{ events: SecurityEventRow[] }>()
  return events.filter((e) => e.requestId === requestId)
}

let counter = 0
/** Stores one event directly (the API and upkeep suites need rows at known times). */
export async function storeEvent(row: Partial<SecurityEventRow> & Pick<SecurityEventRow, 'at'>): Promise<SecurityEventRow> {
  counter += 1
  const full: SecurityEventRow = {
    id: counter.toString(16).padStart(32, '0'),
    kind: 'login_failed',
    subject: null,
    ip: '10.9.9.9',
    requestId: null,
    detail: {},
    ...row,
  }
  await recordSecurityEvent(env.DB, full)
  return full
}

/** What `GET /auth/events/summary` answers. */
export interface Summary {
  refusals: { byReason: { reason: string; count: number }[]; byRoute: { route: string; count: number }[] }
  edgeCopy: {
    customers: number
    serviceAccounts: number
    newestConfirmedAt: number | null
    oldestConfirmedAt: number | null
    lastSync: Record<string, unknown> | null
  }
}

/** `GET /auth/events/summary?<query>` with a Bearer (none when `token` is undefined); waits for the request's background work. */
export async function readSummary(query: string, token?: string): Promise<Response> {
  return callWith({}, `/auth/events/summary${query ? `?${query}` : ''}`, { headers: token === undefined ? {} : bearer(token) })
}
