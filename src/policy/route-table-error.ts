import { ConfigError } from '../core'

export interface RouteTableIssue {
  /** 1-based line in the table file. */
  line: number
  message: string
}

/**
 * A route table that cannot be enforced as written. It is a ConfigError, so `onError` answers
 * "Gateway misconfigured" instead of guessing what a broken row meant.
 */
export class RouteTableError extends ConfigError {
  constructor(readonly issues: readonly RouteTableIssue[]) {
    super(`route table: ${issues.map((i) => `line ${i.line}: ${i.message}`).join('; ')}`)
  }
}
