// From the shop's resource files to the text of policy/routes.tsv. Pure: files in, table out.
import { parseRouteTable } from '../../src/policy/parse-route-table'
import { RouteTableError } from '../../src/policy/route-table-error'
import { declaredOperations, type DeclaredOperation, type ImportProblem } from './declared-operations'
import { mapSecurity } from './map-security'

export interface SourceFile {
  /** Relative to the shop's app/code, e.g. `core/Mage/Checkout/Api/Cart.php`. */
  path: string
  text: string
}

export interface TableRow {
  method: string
  template: string
  level: string
  /** `-`, or the permissions an API token may hold, joined by `|`. */
  permission: string
  note: string
}

export interface ImportedTable {
  text: string
  rows: TableRow[]
  /** Operations the shop declares that the table leaves out, so the edge refuses them (404). */
  refused: ImportProblem[]
}

export interface ShopRevision {
  /** The shop's commit, or a description where it is not known. */
  commit: string
  /** The release line the commit belongs to, for the header (`main`, `26.7`), if known. */
  line?: string
}

// The token endpoints are answered by gatehouse itself (src/auth), whatever the shop declares for
// them; these rows say what gatehouse requires there. Other paths under /auth/ never reach the shop.
const GATEHOUSE_OWN: TableRow[] = [
  {
    method: 'POST',
    template: '/auth/token',
    level: 'public',
    permission: '-',
    note: 'answered by gatehouse: grant_type customer (default) / client_credentials / api_user / password / refresh_token',
  },
  {
    method: 'POST',
    template: '/auth/refresh',
    level: 'customer',
    permission: '-',
    note: 'answered by gatehouse: the current (still valid) token in Authorization; any token type',
  },
  { method: 'POST', template: '/auth/logout', level: 'customer', permission: '-', note: 'answered by gatehouse: revoke the current token; any token type' },
]
const OWN_PREFIX = '/auth/'

const HEADER = `# Route table of the shop's REST API (paths relative to /api/rest/v2), read from the shop's own
# source by \`npm run policy:import\` (docs/policy.md): every #[ApiResource] operation under
# app/code/{core,community,local}/*/*/Api. Re-import it when the shop upgrades; do not edit by hand.
# Levels:
#   public   - no token needed
#   customer - a customer token (own data only), or an API token (client_credentials / api_user) with the permission
#   admin    - an API token (client_credentials / api_user) with the permission; customer tokens are refused
#   PERMISSION - what an API token must hold: RESOURCE/VERB (the grant "RESOURCE/all" or the global
#                grant "all" also satisfy it), alternatives joined by "|"; "-" where none applies
# Columns: METHOD<TAB>PATH<TAB>LEVEL<TAB>PERMISSION<TAB>NOTE`

/**
 * Reads every resource file and writes the route table, listing what it had to refuse.
 *
 * @example
 * importRouteTable([{ path: 'core/Mage/Cms/Api/CmsPage.php', text }], { commit: '76a889c…', line: 'main' }).text
 */
export function importRouteTable(files: readonly SourceFile[], revision: ShopRevision): ImportedTable {
  const refused: ImportProblem[] = []
  const rows: TableRow[] = [...GATEHOUSE_OWN]
  const seen = new Map<string, DeclaredOperation>()
  for (const file of [...files].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))) {
    const { operations, problems } = declaredOperations(file.path, file.text)
    refused.push(...problems)
    for (const op of operations) {
      const refuse = (message: string) => refused.push({ file: op.file, line: op.line, message: `${op.method} ${op.uriTemplate}: ${message}` })
      if (op.uriTemplate.startsWith(OWN_PREFIX)) {
        if (!GATEHOUSE_OWN.some((r) => r.method === op.method && r.template === op.uriTemplate)) refuse('under /auth/, which gatehouse answers itself')
        continue
      }
      const access = mapSecurity(op.security)
      if (access.kind === 'refused') {
        refuse(`security "${op.security}": ${access.reason}`)
        continue
      }
      const row: TableRow = {
        method: op.method,
        template: op.uriTemplate,
        level: access.level,
        permission: access.permissions.length === 0 ? '-' : access.permissions.join('|'),
        // Only what the row cannot say itself: both tables are bundled into the Worker, so no file names.
        note: access.notes.join('; '),
      }
      const invalid = rowProblem(row)
      if (invalid) {
        refuse(invalid)
        continue
      }
      const key = `${row.method} ${shapeOf(row.template)}`
      const earlier = seen.get(key)
      if (earlier) {
        refuse(`declared again (first at ${earlier.file}:${earlier.line}); the first declaration is kept`)
        continue
      }
      seen.set(key, op)
      rows.push(row)
    }
  }
  const revisionLine = `# Shop: ${revision.line ? `${revision.line} ` : ''}${revision.commit}`
  const text = `${[HEADER, revisionLine, ...rows.map(formatRow)].join('\n')}\n`
  return { text, rows, refused }
}

export function formatRow(row: TableRow): string {
  const columns = [row.method, row.template, row.level, row.permission]
  return (row.note === '' ? columns : [...columns, row.note]).join('\t')
}

// A row the gateway's own parser refuses (a template it cannot match) is left out, not written.
function rowProblem(row: TableRow): string | null {
  try {
    parseRouteTable(formatRow(row))
    return null
  } catch (err) {
    if (err instanceof RouteTableError) return err.issues.map((i) => i.message).join('; ')
    throw err
  }
}

// `/x/{id}` and `/x/{other}` are one route to a router, as parseRouteTable counts them.
function shapeOf(template: string): string {
  return template.replace(/\{path\}$/, '{+}').replace(/\{[A-Za-z_][A-Za-z0-9_]*\}/g, '{}')
}
