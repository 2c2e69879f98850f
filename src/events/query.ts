import type { EventQuery } from '../db'
import { fail } from '../core'
import { EVENT_KINDS } from './kinds'

/** The page size when `limit` is absent, and the largest one a caller may ask for. */
export const EVENT_PAGE = { default: 100, max: 500 } as const

const PARAMETERS = new Set(['subject', 'kind', 'since', 'limit', 'cursor'])
const SUBJECT = /^(customer|api_user)_[0-9]{1,12}$/
const SECONDS = /^[0-9]{1,12}$/
const CURSOR = /^([0-9]{1,12})\.([0-9a-f]{32})$/

/**
 * Reads `?subject=&kind=&since=&limit=&cursor=` into a query, refusing (400 `bad_request`) an
 * unknown or repeated parameter and every value out of shape. Pure.
 *
 * @example
 * parseEventQuery(new URLSearchParams('kind=login_failed&limit=50'))
 */
export function parseEventQuery(params: URLSearchParams): EventQuery {
  const seen = new Set<string>()
  for (const name of params.keys()) {
    if (!PARAMETERS.has(name)) bad(`unknown parameter ${name.slice(0, 40)}`)
    if (seen.has(name)) bad(`${name} repeated`)
    seen.add(name)
  }
  const subject = params.get('subject') ?? undefined
  if (subject !== undefined && !SUBJECT.test(subject)) bad('subject is not customer_N or api_user_N')
  const kind = params.get('kind') ?? undefined
  if (kind !== undefined && !(EVENT_KINDS as readonly string[]).includes(kind)) bad('unknown kind')
  const since = seconds(params.get('since'), 'since')
  const limit = seconds(params.get('limit'), 'limit') ?? EVENT_PAGE.default
  if (limit < 1 || limit > EVENT_PAGE.max) bad(`limit must be 1 to ${EVENT_PAGE.max}`)
  const cursor = params.get('cursor')
  const after = cursor === null ? undefined : readCursor(cursor)
  return { ...(subject && { subject }), ...(kind && { kind }), ...(since !== undefined && { since }), ...(after && { after }), limit }
}

/**
 * Reads the summary's `?since=` (seconds since the epoch, required), refusing (400 `bad_request`)
 * any other or repeated parameter and a value out of shape. Pure.
 *
 * @example
 * parseSummaryQuery(new URLSearchParams('since=1796600000')) // { since: 1796600000 }
 */
export function parseSummaryQuery(params: URLSearchParams): { since: number } {
  const names = [...params.keys()]
  if (names.some((name) => name !== 'since')) bad('the summary takes since only')
  if (names.length > 1) bad('since repeated')
  return { since: seconds(params.get('since'), 'since') ?? bad('since is required') }
}

/** The cursor of the page after the one ending with `last`: opaque to clients, `at.id` inside. */
export function cursorAfter(last: { at: number; id: string }): string {
  return btoa(`${last.at}.${last.id}`).replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_')
}

function readCursor(cursor: string): { at: number; id: string } {
  let text = ''
  try {
    text = /^[A-Za-z0-9_-]{1,80}$/.test(cursor) ? atob(cursor.replace(/-/g, '+').replace(/_/g, '/')) : ''
  } catch {
    text = ''
  }
  const match = CURSOR.exec(text)
  return match ? { at: Number(match[1]), id: match[2]! } : bad('cursor unreadable')
}

function seconds(value: string | null, name: string): number | undefined {
  if (value === null) return undefined
  return SECONDS.test(value) ? Number(value) : bad(`${name} is not a whole number`)
}

function bad(detail: string): never {
  return fail('bad_request', { detail: `events query: ${detail}` })
}
