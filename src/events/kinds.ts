import type { LogFields } from '../core'

/** Every kind of security event the trail records (docs/operations.md "Security events"). */
export const EVENT_KINDS = [
  'login_succeeded',
  'login_failed',
  'login_locked',
  'twofa_failed',
  'logout',
  'logout_everywhere',
  'token_revoked',
  'refresh_reuse',
  'password_changed',
  'account_copied',
  'sync_run',
  'cache_purged',
  'config_error',
] as const

export type EventKind = (typeof EVENT_KINDS)[number]
export type EventDetail = Record<string, string | number | boolean | null>

/** A security event as the trail stores it, before its id, time, IP and request id are added. */
export interface SecurityEventFacts {
  kind: EventKind
  /** `customer_5`, `api_user_2`; null when unknown. */
  subject: string | null
  detail: EventDetail
}

// Which log line is which event, and which of its fields go into `detail`. A field not listed here
// never reaches D1: a masked identity, a path, a message quoting a value. Lines not listed are not
// security events (the request line, shop_asked, ...).
const LINES: Record<string, { kind: EventKind | ((line: LogFields) => EventKind | undefined); keep: readonly string[] }> = {
  login_succeeded: { kind: 'login_succeeded', keep: ['grant', 'source'] },
  // A wrong second-factor code (the shop's `twofa_invalid`, src/auth/login.ts) is its own kind.
  login_failed: { kind: (line) => (line.reason === 'twofa_invalid' ? 'twofa_failed' : 'login_failed'), keep: ['grant', 'reason'] },
  account_locked: { kind: 'login_locked', keep: ['grant', 'retryAfter'] },
  twofa_failed: { kind: 'twofa_failed', keep: ['grant', 'reason'] },
  logout: { kind: (line) => (line.everywhere === true ? 'logout_everywhere' : 'logout'), keep: ['via'] },
  token_revoked: { kind: 'token_revoked', keep: ['token', 'by'] },
  refresh_token_reused: { kind: 'refresh_reuse', keep: ['family'] },
  // write-through (src/credentials/write-through.ts): a password change or reset the shop accepted.
  tokens_revoked: {
    kind: (line) => (line.reason === 'password_changed' || line.reason === 'password_reset' ? 'password_changed' : undefined),
    keep: ['reason', 'route'],
  },
  account_copied: { kind: 'account_copied', keep: ['grant', 'source'] },
  sync_run: { kind: 'sync_run', keep: ['mode', 'customers', 'serviceAccounts', 'failed'] },
  cache_purged: { kind: 'cache_purged', keep: ['scope'] },
  config_error: { kind: 'config_error', keep: ['message'] },
}

const MAX_TEXT = 200

/**
 * The security event a log line stands for, or undefined when it is none. Pure.
 * The subject comes from `subject` (`customer_5`) or `account` (`customers:5`, `service_accounts:2`);
 * anything else (an unknown name, `unknown`, a masked email) leaves it null.
 *
 * @example
 * securityEventOf({ event: 'account_locked', account: 'customers:5', grant: 'customer', retryAfter: 60 })
 * // { kind: 'login_locked', subject: 'customer_5', detail: { grant: 'customer', retryAfter: 60 } }
 */
export function securityEventOf(line: LogFields): SecurityEventFacts | undefined {
  const spec = LINES[line.event]
  if (!spec) return undefined
  const kind = typeof spec.kind === 'function' ? spec.kind(line) : spec.kind
  if (!kind) return undefined
  const detail: EventDetail = {}
  for (const name of spec.keep) {
    const value = line[name]
    if (value === undefined) continue
    detail[name] = typeof value === 'string' ? value.slice(0, MAX_TEXT) : value
  }
  return { kind, subject: subjectOf(line), detail }
}

/** `customer_5` / `api_user_2` from a subject or an account (`customers:5`, `service_accounts:2`); else null. */
export function subjectOf(line: LogFields): string | null {
  if (typeof line.subject === 'string' && /^(customer|api_user)_[0-9]{1,12}$/.test(line.subject)) return line.subject
  const account = typeof line.account === 'string' ? /^(customers|service_accounts):([0-9]{1,12})$/.exec(line.account) : null
  if (!account) return null
  return `${account[1] === 'customers' ? 'customer' : 'api_user'}_${account[2]}`
}
