/**
 * Structured logs: one JSON line per event on stdout (Workers Logs / `wrangler tail` index the
 * fields). Callers pass only safe values: never a token, password, secret, api key or full email
 * (use `maskEmail`).
 */
export interface EventFields {
  /** What happened, snake_case: `login_failed`, `token_rejected`, `rate_limited`, ... */
  event: string
  [field: string]: string | number | boolean | null | undefined
}

export interface LogFields extends EventFields {
  /** The request's id, when one is known (hono's requestId middleware). */
  requestId?: string | undefined
}

/**
 * Receives every event line a request writes, after it is written (the security-event trail,
 * src/events, is one). Must not throw and must not delay the answer.
 */
export type EventSink = (line: LogFields) => void

/**
 * Writes one event as one JSON line.
 *
 * @example
 * logEvent({ event: 'token_rejected', requestId: c.get('requestId'), reason: 'forged' })
 */
export function logEvent(fields: LogFields): void {
  console.log(JSON.stringify(fields))
}

/**
 * An email fit for a log: first character of the local part, then `***`, then the domain
 * (`customer@example.com` → `c***@example.com`). Anything without exactly one `@` is not shown.
 */
export function maskEmail(email: string): string {
  const parts = email.split('@')
  if (parts.length !== 2 || !parts[0] || !parts[1]) return '***'
  return `${[...parts[0]][0]}***@${parts[1]}`
}

/** A login name fit for a log: first character and `***` (a pasted key never lands whole). */
export function maskName(name: string): string {
  return name.includes('@') ? maskEmail(name) : `${[...name][0] ?? ''}***`
}
