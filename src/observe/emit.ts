/**
 * Writes one structured JSON log line. Callers pass only facts that are safe to keep: never a
 * token, password, secret, query string or full email.
 */
export function logEvent(event: string, fields: Record<string, unknown>): void {
  console.log(JSON.stringify({ event, ...fields }))
}
