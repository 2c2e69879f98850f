// The failures of `npm run sync`, each with the exit code an operator or cron switches on.

export type SyncFailure =
  /** A flag or environment value is wrong; nothing was read or written. */
  | 'usage'
  /** The shop's database, or D1/KV, cannot be reached or refused the credentials; nothing was written. */
  | 'connect'
  /** The shop's tables or EAV attributes are not what the shop's layout promises; nothing was written. */
  | 'shop_schema'
  /** D1 lacks gatehouse's tables (migrations not applied); nothing was written. */
  | 'target_schema'
  /** Some batches were written, then a write failed: re-run to resume after the last batch that landed. */
  | 'partial'

export class SyncError extends Error {
  override name = 'SyncError'
  constructor(
    readonly failure: SyncFailure,
    message: string,
  ) {
    super(message)
  }
}

/** The exit code of a failure; 1 is left for the unexpected. */
export function exitCode(failure: SyncFailure): number {
  switch (failure) {
    case 'usage':
      return 2
    case 'connect':
      return 3
    case 'partial':
      return 4
    case 'shop_schema':
      return 5
    case 'target_schema':
      return 6
  }
}

/** An error's message with every occurrence of `secret` (the database password) blanked out. */
export function redact(message: string, secrets: readonly string[]): string {
  return secrets.filter((s) => s.length > 0).reduce((text, s) => text.split(s).join('***'), message)
}

/**
 * The innermost cause's message. Drizzle wraps a failed statement as "Failed query: <sql> params:
 * <values>", and the values are password hashes: never printed.
 */
export function rootMessage(err: unknown): string {
  let current = err
  while (current instanceof Error && current.cause !== undefined) current = current.cause
  return current instanceof Error ? current.message : String(current)
}
