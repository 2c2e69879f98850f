// What an import changes against the table it replaces: routes added, removed, and routes whose
// level or permission changed. Pure: two table texts in, three lists out.

export interface TableChange {
  added: string[]
  removed: string[]
  changed: string[]
}

interface Entry {
  route: string
  level: string
  permission: string
}

/**
 * Compares two route tables by route (method and path shape: `{id}` and `{productId}` are one
 * route), ignoring notes and comments.
 *
 * @example
 * diffTables('GET\t/a\tpublic\t-\n', 'GET\t/a\tadmin\ta/read\n').changed // ['GET /a: public - → admin a/read']
 */
export function diffTables(before: string, after: string): TableChange {
  const old = entries(before)
  const now = entries(after)
  const added: string[] = []
  const changed: string[] = []
  for (const [key, entry] of now) {
    const was = old.get(key)
    if (!was) added.push(`${entry.route} (${entry.level} ${entry.permission})`)
    else if (was.level !== entry.level || was.permission !== entry.permission) {
      changed.push(`${entry.route}: ${was.level} ${was.permission} → ${entry.level} ${entry.permission}`)
    }
  }
  const removed = [...old].filter(([key]) => !now.has(key)).map(([, e]) => `${e.route} (${e.level} ${e.permission})`)
  return { added, removed, changed }
}

/** The change as lines for a person, one route per line; empty when nothing changed. */
export function formatChange(change: TableChange): string {
  const section = (title: string, lines: string[]) => (lines.length === 0 ? [] : [`${title} (${lines.length}):`, ...lines.map((l) => `  ${l}`)])
  return [...section('added', change.added), ...section('removed', change.removed), ...section('level or permission changed', change.changed)].join('\n')
}

function entries(text: string): Map<string, Entry> {
  const map = new Map<string, Entry>()
  for (const raw of text.split('\n')) {
    const row = raw.replace(/\r$/, '')
    if (row.trim() === '' || row.startsWith('#')) continue
    const [method = '', template = '', level = '', permission = ''] = row.split('\t')
    const shape = template.replace(/\{path\}$/, '{+}').replace(/\{[A-Za-z_][A-Za-z0-9_]*\}/g, '{}')
    map.set(`${method} ${shape}`, { route: `${method} ${template}`, level, permission })
  }
  return map
}
