import type { SinkFactory } from '../context'
import { recordSecurityEvent } from '../db'
import { logEvent } from '../core'
import { securityEventOf } from './kinds'

/**
 * The request's sink for the security-event trail (wired by `contextWith` in src/index.ts): a log
 * line that stands for a security event (src/events/kinds.ts) is itself the event's structured log
 * line, and becomes one D1 row with the same request id. The write runs in `waitUntil`, after the answer,
 * and a failed write is logged, never thrown: the trail never delays or fails the request.
 *
 * @example
 * app.use(contextWith(securityEventSink))
 */
export const securityEventSink: SinkFactory = (env, waitUntil, clientIp) => (line) => {
  const facts = securityEventOf(line)
  if (!facts) return
  const row = { id: newEventId(), at: Math.floor(Date.now() / 1000), ...facts, ip: clientIp ?? null, requestId: line.requestId ?? null }
  waitUntil(
    recordSecurityEvent(env.DB, row).catch((err: unknown) => {
      // The name only: a D1 message may quote the parameters.
      logEvent({ event: 'security_event_lost', id: row.id, kind: row.kind, requestId: line.requestId, error: err instanceof Error ? err.name : 'unknown' })
    }),
  )
}

/** An event's id: 16 random bytes as hex (the trail's rows and the sync's `sync_run` rows alike). */
export function newEventId(): string {
  return [...crypto.getRandomValues(new Uint8Array(16))].map((b) => b.toString(16).padStart(2, '0')).join('')
}
