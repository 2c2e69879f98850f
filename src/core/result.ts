/**
 * The one shape of "ok, or refused with a reason" that pure decisions return (bearer reading,
 * claims reading, hash checks): callers switch on `ok` and never catch. `detail` is for the log.
 *
 * @example
 * const reading = readBearer(header)
 * if (!reading.ok) rejectToken('malformed', reading.reason)
 */
export type Result<T, Reason extends string = string> = { ok: true; value: T } | { ok: false; reason: Reason }

export const ok = <T>(value: T): { ok: true; value: T } => ({ ok: true, value })

export const refused = <Reason extends string>(reason: Reason): { ok: false; reason: Reason } => ({ ok: false, reason })
