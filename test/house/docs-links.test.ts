/// <reference types="vite/client" />
import { describe, expect, it } from 'vitest'
import { linkProblems, relativeLinks, resolveLink } from './docs-links'

const strip = (path: string) => path.replace(/^\.\.\/\.\.\//, '')
// Every Markdown file of the repository, as text; and every file's path (Vite lists them at build time).
const DOCS = Object.fromEntries(
  Object.entries(
    import.meta.glob(['../../*.md', '../../docs/**/*.md', '../../demo/**/*.md', '!../../**/node_modules/**'], {
      query: '?raw',
      import: 'default',
      eager: true,
    }) as Record<string, string>,
  ).map(([path, text]) => [strip(path), text]),
)
const FILES = Object.keys(
  import.meta.glob(['../../**/*', '../../.ci/*', '!../../**/node_modules/**', '!../../.wrangler/**', '!../../bench/.build/**', '!../../demo/origin/dist/**']),
).map(strip)

describe('the docs', () => {
  it('are all read', () => {
    expect(Object.keys(DOCS)).toEqual(expect.arrayContaining(['README.md', 'docs/architecture.md', 'docs/security.md']))
    expect(FILES).toEqual(expect.arrayContaining(['src/index.ts', 'wrangler.toml', '.ci/run']))
  })

  it('link only to files of the repository, and cite nothing outside it', () => {
    expect(linkProblems(DOCS, FILES)).toEqual([])
  })
})

describe('the check itself', () => {
  const files = ['README.md', 'docs/oauth.md', 'src/oauth/index.ts', 'wrangler.toml']

  it('reads relative links, without fragments, and leaves web links out', () => {
    expect(relativeLinks('[a](docs/oauth.md#revocation) [b](https://x.example/) [c](#here) [d](../src/oauth "title") [e](mailto:a@b)')).toEqual([
      'docs/oauth.md',
      '../src/oauth',
    ])
  })

  it('resolves from the linking file, and returns null above the repository', () => {
    expect(resolveLink('docs/oauth.md', '../src/oauth')).toBe('src/oauth')
    expect(resolveLink('docs/oauth.md', './security.md')).toBe('docs/security.md')
    expect(resolveLink('docs/oauth.md', '../../shared/reference/x.md')).toBeNull()
  })

  it('passes links to files and folders that exist', () => {
    expect(linkProblems({ 'README.md': '[o](docs/oauth.md) [s](src/oauth) [w](wrangler.toml)', 'docs/oauth.md': '[r](../README.md#deploy)' }, files)).toEqual(
      [],
    )
  })

  it('names a link to a missing file, one out of the repository, and a citation of an outside file', () => {
    expect(linkProblems({ 'docs/oauth.md': '[m](missing.md) [o](../../shared/DESIGN.md) see shop-auth-facts.md' }, files)).toEqual([
      'docs/oauth.md: missing.md names no file of the repository',
      'docs/oauth.md: ../../shared/DESIGN.md points outside the repository',
      'docs/oauth.md: cites shop-auth-facts.md, which a clone does not have',
      'docs/oauth.md: cites DESIGN.md, which a clone does not have',
      'docs/oauth.md: cites ../shared/, which a clone does not have',
    ])
  })
})
