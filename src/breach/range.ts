import { ok, refused, type Result } from '../core'

/** A password's SHA-1 as the range API splits it: the 5 hex characters sent, the 35 kept. */
export interface RangeKey {
  prefix: string
  suffix: string
}

/** The SHA-1 of a password (UTF-8), upper-case hex, split for the range API's k-anonymity model. */
export async function rangeKey(password: string): Promise<RangeKey> {
  const digest = await crypto.subtle.digest('SHA-1', new TextEncoder().encode(password))
  let hex = ''
  for (const byte of new Uint8Array(digest)) hex += byte.toString(16).padStart(2, '0')
  hex = hex.toUpperCase()
  return { prefix: hex.slice(0, 5), suffix: hex.slice(5) }
}

// One line of the answer: 35 hex characters, a colon, a count (padding lines count 0).
const LINE = /^([0-9A-Fa-f]{35}):([0-9]{1,12})$/
// A range holds about a thousand lines of ~40 bytes (padded answers up to ~1,000 more); far more is not a range answer.
const MAX_LINES = 10_000

/**
 * How often the range answer says the suffix was seen: its count, 0 when absent. Refused when any
 * line is not `SUFFIX:COUNT` (an error page, a captive portal, a truncated answer). Pure.
 *
 * @example
 * seenCount('0018A45C4D1DEF81644B54AB7F969B88D65:10\r\n00D4F6E8FA6EECAD2A3AA415EEC418D38EC:2', '00D4F6E8FA6EECAD2A3AA415EEC418D38EC') // ok(2)
 */
export function seenCount(answer: string, suffix: string): Result<number> {
  const lines = answer.split('\n')
  if (answer.trim() === '' || lines.length > MAX_LINES) return refused('not a range answer (empty or too long)')
  let count = 0
  for (const raw of lines) {
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw
    if (line === '') continue
    const match = LINE.exec(line)
    if (!match) return refused('not a range answer (a line is not SUFFIX:COUNT)')
    if (match[1]!.toUpperCase() === suffix) count = Number(match[2])
  }
  return ok(count)
}
