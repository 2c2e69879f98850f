/**
 * Writes one structured JSON line. Same shape as the auth side's `logEvent` (src/log.ts on the
 * `hard-auth` branch), which replaces this file once it lands on main. Callers pass only facts
 * that are safe to keep: never a token, password, secret, query string or full email.
 */
export function logEvent(fields: { event: string; [field: string]: unknown }): void {
  console.log(JSON.stringify(fields))
}
