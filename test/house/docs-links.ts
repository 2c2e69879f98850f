// The docs' links, as a pure check over file texts: every relative link of a Markdown file names a
// file or folder of the repository (a clone has nothing beside it), and no doc cites a file that
// lives only outside it.

const LINK = /\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g
// Files that were never in the repository and that earlier docs cited by name.
const OUTSIDE_NAMES = ['shop-auth-facts.md', 'shop-api-v2-routes.tsv', 'DESIGN.md', 'STYLE.md', '../shared/']

/** The relative link targets of a Markdown text, without their `#fragment`; web and mail links left out. */
export function relativeLinks(markdown: string): string[] {
  return [...markdown.matchAll(LINK)]
    .map((m) => m[1]!)
    .filter((target) => !/^[a-z][a-z0-9+.-]*:/i.test(target) && !target.startsWith('#'))
    .map((target) => target.split('#')[0]!)
}

/** `docs/oauth.md` linking `../src/oauth` → `src/oauth`; null when the path climbs out of the repository. */
export function resolveLink(from: string, target: string): string | null {
  const parts = target.startsWith('/') ? [] : from.split('/').slice(0, -1)
  for (const step of target.split('/')) {
    if (step === '..') {
      if (parts.length === 0) return null
      parts.pop()
    } else if (step !== '.' && step !== '') parts.push(step)
  }
  return parts.join('/')
}

/** Every broken link or outside citation, as a sentence each; empty when the docs are in order. */
export function linkProblems(docs: Readonly<Record<string, string>>, files: readonly string[]): string[] {
  const problems: string[] = []
  const exists = (path: string) => path === '' || files.some((file) => file === path || file.startsWith(`${path}/`))
  for (const [doc, text] of Object.entries(docs)) {
    for (const target of relativeLinks(text)) {
      const path = resolveLink(doc, decodeURI(target))
      if (path === null) problems.push(`${doc}: ${target} points outside the repository`)
      else if (!exists(path)) problems.push(`${doc}: ${target} names no file of the repository`)
    }
    for (const name of OUTSIDE_NAMES) {
      if (text.includes(name)) problems.push(`${doc}: cites ${name}, which a clone does not have`)
    }
  }
  return problems
}
