// What a run did, counted as it goes; printed as text or JSON at the end.
import { HASH_KINDS, hashKind, type HashKind } from './hash-kind'

export interface Counts {
  read: number
  /** inserted + updated */
  written: number
  inserted: number
  updated: number
  unchanged: number
  /** Active copies switched off: inactive, unconfirmed or deleted in the shop, or now unusable. */
  deactivated: number
  /** Subjects whose tokens were revoked (KV not-before stamp). */
  revoked: number
  skipped: number
}

export interface SkippedRow {
  kind: 'customer' | 'api_user'
  id: number
  reason: string
}

export interface Report {
  target: string
  mode: 'full' | 'incremental' | 'since'
  dryRun: boolean
  /** The shop timestamp customers were read from (null: from the beginning). */
  from: string | null
  /** Where the stored watermark stands after the run. */
  watermark: { updatedAt: string; lastId: number } | null
  customers: Counts
  apiUsers: Counts
  /** Formats of the shop's customer password hashes read. */
  customerHashes: Record<HashKind, number>
  /** Formats of the shop's api_key and client_secret hashes read. */
  apiUserHashes: Record<HashKind, number>
  skippedRows: SkippedRow[]
  /** Copies whose confirmed_at this run moved forward without rewriting them (scripts/sync/reconfirm.ts). */
  reconfirmed: { customers: number; apiUsers: number }
  seconds: number
  /** Set when the run stopped early: the failure's message. */
  error: string | null
}

export function emptyReport(target: string, mode: Report['mode'], dryRun: boolean, from: string | null): Report {
  return {
    target,
    mode,
    dryRun,
    from,
    watermark: null,
    customers: emptyCounts(),
    apiUsers: emptyCounts(),
    customerHashes: emptyHashes(),
    apiUserHashes: emptyHashes(),
    skippedRows: [],
    reconfirmed: { customers: 0, apiUsers: 0 },
    seconds: 0,
    error: null,
  }
}

export function countHash(into: Record<HashKind, number>, hash: string | null): void {
  if (hash !== null && hash.trim() !== '') into[hashKind(hash)]++
}

/** The report as a person reads it. */
export function formatReport(report: Report): string {
  const would = report.dryRun ? ' (dry run: nothing written)' : ''
  const from = report.from === null ? 'every row' : `changes since ${report.from}`
  const lines = [
    `sync ${report.mode} → ${report.target}${would}: ${from}, ${report.seconds.toFixed(1)} s`,
    `  customers  ${formatCounts(report.customers)}`,
    `  api users  ${formatCounts(report.apiUsers)}`,
    `  customer password hashes: ${formatHashes(report.customerHashes)}`,
    `  api user key/secret hashes: ${formatHashes(report.apiUserHashes)}`,
    '  (bcrypt, md5, sha256, sha512 and pbkdf2 are verified at the edge; argon2 and unknown logins go to the shop)',
  ]
  const { reconfirmed } = report
  if (reconfirmed.customers + reconfirmed.apiUsers > 0)
    lines.push(`  reconfirmed (confirmed_at moved to the run's start): customers ${reconfirmed.customers}, api users ${reconfirmed.apiUsers}`)
  if (report.watermark) lines.push(`  watermark: ${report.watermark.updatedAt} (customer ${report.watermark.lastId})`)
  if (report.skippedRows.length > 0) {
    lines.push(`  skipped rows (${report.skippedRows.length}):`)
    for (const row of report.skippedRows) lines.push(`    ${row.kind} ${row.id}: ${row.reason}`)
  }
  if (report.error) lines.push(`  stopped: ${report.error}`)
  return lines.join('\n')
}

function formatCounts(c: Counts): string {
  return `read ${c.read}, written ${c.written} (new ${c.inserted}, updated ${c.updated}), unchanged ${c.unchanged}, deactivated ${c.deactivated}, tokens revoked ${c.revoked}, skipped ${c.skipped}`
}

function formatHashes(counts: Record<HashKind, number>): string {
  const parts = HASH_KINDS.filter((k) => counts[k] > 0).map((k) => `${k} ${counts[k]}`)
  return parts.length > 0 ? parts.join(', ') : 'none'
}

function emptyCounts(): Counts {
  return { read: 0, written: 0, inserted: 0, updated: 0, unchanged: 0, deactivated: 0, revoked: 0, skipped: 0 }
}

function emptyHashes(): Record<HashKind, number> {
  return Object.fromEntries(HASH_KINDS.map((k) => [k, 0])) as Record<HashKind, number>
}
