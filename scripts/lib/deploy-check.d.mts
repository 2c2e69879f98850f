// Types of deploy-check.mjs, for the workerd test (tsconfig.json) and the scripts (tsconfig.node.json).

export interface PlaceholderFinding {
  /** 1-based line in the file; 0 when the environment itself is missing. */
  line: number
  /** The line without its comment. */
  text: string
  hint: string
}

export function findPlaceholders(toml: string, environment?: string): PlaceholderFinding[]
export function placeholderMessage(findings: PlaceholderFinding[], file?: string, environment?: string): string | null
