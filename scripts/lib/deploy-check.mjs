// What `npm run deploy` checks before it touches Cloudflare: the environment it deploys must hold
// no placeholder left from wrangler.toml as committed, and no setting meant for a local run only.
// Pure: takes the file's text, returns findings.

const PLACEHOLDERS = [
  { pattern: /REPLACE-WITH-[A-Z0-9-]*/, hint: 'an id to fill in' },
  { pattern: /\bexample\.(?:com|org|net)\b/i, hint: 'the example domain, not yours' },
  // Settings that exist for a local run only: production keeps the shop's limits and no demo parts.
  { pattern: /^DEV_RATE_LIMIT\s*=/, hint: "local only: production keeps the shop's rate limits" },
  { pattern: /^(?:DEMO_STOREFRONT|DEMO_HOOKS)\s*=\s*["']on["']/, hint: 'local only: the demo storefront and test hooks never run in production' },
]

/**
 * Every line of `[env.<environment>]` (its own tables included) that still holds a placeholder,
 * comments ignored. A missing environment is one finding on line 0.
 *
 * @example
 * findPlaceholders(readFileSync('wrangler.toml', 'utf8'))
 * // [{ line: 62, text: '{ pattern = "shop.example.com/api/rest/v2/*", ... }', hint: 'the example domain, not yours' }, ...]
 */
export function findPlaceholders(toml, environment = 'production') {
  const findings = []
  let inEnvironment = false
  let seen = false
  const lines = toml.split(/\r?\n/)
  lines.forEach((raw, index) => {
    const code = withoutComment(raw).trim()
    const header = /^\[\[?\s*([^\]]+?)\s*\]\]?$/.exec(code)
    if (header) {
      const name = header[1].replace(/\s+/g, '')
      inEnvironment = name === `env.${environment}` || name.startsWith(`env.${environment}.`)
      seen ||= inEnvironment
      return
    }
    if (!inEnvironment || code === '') return
    for (const { pattern, hint } of PLACEHOLDERS) {
      if (pattern.test(code)) {
        findings.push({ line: index + 1, text: code, hint })
        break
      }
    }
  })
  if (!seen) findings.push({ line: 0, text: `[env.${environment}]`, hint: 'the environment is missing' })
  return findings
}

/** The operator's message for `findings`, or null when there are none. */
export function placeholderMessage(findings, file = 'wrangler.toml', environment = 'production') {
  if (findings.length === 0) return null
  const rows = findings.map((f) => `  ${file}:${f.line}  ${f.text}  (${f.hint})`)
  return [
    `gatehouse: not deploying: [env.${environment}] in ${file} still holds placeholders or local-only settings:`,
    ...rows,
    'Fill in your own values first (docs/operations.md, "Deploy"): the database_id printed by',
    '`wrangler d1 create gatehouse`, the id printed by `wrangler kv namespace create REVOKED`, your',
    "shop's hostname and zone in routes, and JWT_ISSUER, ORIGIN_URL and CORS_ORIGINS; and take out",
    'DEV_RATE_LIMIT and any DEMO_STOREFRONT or DEMO_HOOKS that is "on".',
  ].join('\n')
}

// The part of a TOML line before a `#` that is not inside a string.
function withoutComment(line) {
  let quote = null
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]
    if (quote) {
      if (ch === '\\' && quote === '"') i++
      else if (ch === quote) quote = null
    } else if (ch === '"' || ch === "'") quote = ch
    else if (ch === '#') return line.slice(0, i)
  }
  return line
}
