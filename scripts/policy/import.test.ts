// The importer on resource files written for the test (test/fixtures/shop-custom): one-line and
// nested operations, multi-line, concatenated and single-quoted expressions, comments and
// docblocks that mention operations, resource-level defaults, and an operator's own module under
// app/code/local. Then a whole run, as `npm run policy:import` does it, on trees held in memory.
/// <reference types="vite/client" />
import { describe, expect, it } from 'vitest'
import { importRouteTable } from './build-table'
import { declaredOperations } from './declared-operations'
import { diffTables } from './diff-tables'
import { memoryIo, treeOf } from './fixture-tree'
import { runImport, type ImportOptions } from './run-import'

const GLOB = import.meta.glob('../../test/fixtures/shop-custom/**/*.php', { query: '?raw', import: 'default', eager: true })
const tree = treeOf(GLOB, 'shop-custom', '/shop')
const source = (path: string) => tree.get(`/shop/app/code/${path}`)!
const POINTS = 'local/Acme/Loyalty/Api/Points.php'
const BANNER = 'core/Mage/Cms/Api/Banner.php'

describe('declaredOperations', () => {
  it('reads nested and multi-line operations, skips GraphQL ones and everything in comments', () => {
    const { operations, problems } = declaredOperations(POINTS, source(POINTS))
    expect(problems).toEqual([])
    expect(operations.map((o) => [o.method, o.uriTemplate, o.security?.replace(/\s+/g, ' ').trim()])).toEqual([
      ['GET', '/loyalty/points/{id}', "is_granted('ROLE_CUSTOMER') or is_granted('loyalty/read')"],
      ['POST', '/loyalty/points/{id}/redeem', "is_granted('ROLE_CUSTOMER') or is_granted('ROLE_ADMIN') or is_granted('loyalty/write')"],
      ['GET', '/loyalty/rules', "is_granted('ROLE_ADMIN') and is_granted('loyalty/read')"],
      ['GET', '/loyalty/balance/{id}', "has_backend_access('loyalty') or is_owner(object, 'customerId')"],
    ])
    expect(operations.map((o) => o.line)).toEqual([24, 25, 34, 35])
  })

  it('reads one-line operations with qualified names and inherits the resource security and uriTemplate', () => {
    const { operations, problems } = declaredOperations(BANNER, source(BANNER))
    expect(problems).toEqual([])
    expect(operations.map((o) => [o.method, o.uriTemplate, o.security])).toEqual([
      ['GET', '/banners', 'true'],
      ['GET', '/banners/{id}', "is_granted('ROLE_ADMIN') or is_granted('banners/read')"],
      ['DELETE', '/banners/{id}', "is_granted('ROLE_ADMIN')"],
      ['POST', '/banners/{id}/publish', null],
    ])
  })

  const BAD: Array<{ name: string; php: string; message: string }> = [
    {
      name: 'no operations list',
      php: "#[ApiResource(shortName: 'X')]",
      message: 'ApiResource without an operations list: API Platform adds its default operations, whose paths the import does not guess',
    },
    {
      name: 'an operation without a uriTemplate',
      php: "#[ApiResource(operations: [new Get(security: 'true')])]",
      message: 'Get without a uriTemplate: API Platform derives its path, which the import does not guess',
    },
    {
      name: 'a security built from a constant',
      php: "#[ApiResource(operations: [new Get(uriTemplate: '/x', security: self::RULE)])]",
      message: 'security is not a literal string (self :: RULE)',
    },
    {
      name: 'an interpolated security',
      php: "#[ApiResource(operations: [new Get(uriTemplate: '/x', security: \"is_granted('$role')\")])]",
      message: 'security is not a literal string ("is_granted(\'$role\')")',
    },
    {
      name: 'an unreadable resource security',
      php: "#[ApiResource(security: Rules::ADMIN, operations: [new Get(uriTemplate: '/x')])]",
      message: 'security is not a literal string (Rules :: ADMIN)',
    },
    {
      name: 'an unknown operation class',
      php: "#[ApiResource(operations: [new Fetch(uriTemplate: '/x', security: 'true')])]",
      message: 'unknown operation class Fetch',
    },
    { name: 'an unclosed string', php: "#[ApiResource(operations: [new Get(uriTemplate: '/x)])]", message: 'cannot read the file: line 2: unclosed string' },
  ]

  it.each(BAD)('reports $name and declares nothing for it', ({ php, message }) => {
    const { operations, problems } = declaredOperations('local/A/B/Api/X.php', `<?php\n${php}\nclass X {}\n`)
    expect(operations).toEqual([])
    expect(problems.map((p) => p.message)).toContain(message)
  })
})

describe('importRouteTable', () => {
  const table = importRouteTable(
    [...tree].map(([path, text]) => ({ path: path.slice('/shop/app/code/'.length), text })),
    { commit: 'abc123', line: 'test' },
  )

  it("writes gatehouse's own token endpoints, then each mapped operation with what the shop checks beyond its level", () => {
    expect(table.text).toContain('\n# Shop: test abc123\n')
    expect(table.text).toContain('\nGET\t/banners\tpublic\t-\n')
    expect(table.rows.map((r) => [r.method, r.template, r.level, r.permission, r.note])).toEqual([
      ['POST', '/auth/token', 'public', '-', expect.stringMatching(/^answered by gatehouse/)],
      ['POST', '/auth/refresh', 'customer', '-', expect.stringMatching(/^answered by gatehouse/)],
      ['POST', '/auth/logout', 'customer', '-', expect.stringMatching(/^answered by gatehouse/)],
      ['GET', '/banners', 'public', '-', ''],
      ['GET', '/banners/{id}', 'admin', 'banners/read', ''],
      ['POST', '/banners/{id}/publish', 'customer', '-', 'no security expression: any authenticated caller'],
      ['GET', '/loyalty/points/{id}', 'customer', 'loyalty/read', ''],
      ['POST', '/loyalty/points/{id}/redeem', 'customer', 'loyalty/write', ''],
      ['GET', '/loyalty/balance/{id}', 'customer', 'loyalty/read|loyalty/write', 'owner: the shop checks customerId'],
    ])
  })

  it('lists every operation it refuses, which the table then leaves out', () => {
    expect(table.refused).toEqual([
      {
        file: BANNER,
        line: 8,
        message:
          "DELETE /banners/{id}: security \"is_granted('ROLE_ADMIN')\": only the shop's admin-session tokens (ROLE_ADMIN) can pass, and gatehouse does not accept them",
      },
      {
        file: POINTS,
        line: 34,
        message:
          'GET /loyalty/rules: security "is_granted(\'ROLE_ADMIN\') and is_granted(\'loyalty/read\')": cannot map "and" here (only "or" of checks is mapped)',
      },
    ])
    expect(table.text).not.toContain('/loyalty/rules')
    expect(table.text).not.toMatch(/^DELETE/m)
  })

  it('refuses templates the gateway cannot match, a second declaration of a route, and other /auth/ paths', () => {
    const php = `<?php #[ApiResource(operations: [
      new Get(uriTemplate: '/a/{id}', security: 'true'),
      new Get(uriTemplate: '/a/{other}', security: "is_granted('ROLE_ADMIN') or is_granted('a/read')"),
      new Get(uriTemplate: '/b/{x}.{y}', security: 'true'),
      new Post(uriTemplate: '/auth/magic-link', security: 'true'),
      new Post(uriTemplate: '/auth/token', security: 'true'),
    ])] class A {}`
    const result = importRouteTable([{ path: 'local/A/A/Api/A.php', text: php }], { commit: 'x' })
    expect(result.rows.slice(3).map((r) => `${r.method} ${r.template} ${r.level}`)).toEqual(['GET /a/{id} public'])
    expect(result.refused.map((r) => r.message)).toEqual([
      'GET /a/{other}: declared again (first at local/A/A/Api/A.php:2); the first declaration is kept',
      'GET /b/{x}.{y}: bad path template "/b/{x}.{y}": segment "{x}.{y}" must be {name} or letters, digits and - . _ ~',
      'POST /auth/magic-link: under /auth/, which gatehouse answers itself',
    ])
  })
})

describe('diffTables', () => {
  it('names added, removed and changed routes, matching {id} and {productId} as one route', () => {
    const before = '# old\nGET\t/a\tpublic\t-\nGET\t/b/{productId}\tadmin\tb/read\tnote\nDELETE\t/c\tadmin\tc/delete\n'
    const after = 'GET\t/a\tpublic\t-\tnew note\nGET\t/b/{id}\tpublic\t-\nPOST\t/d\tcustomer\td/write\n'
    expect(diffTables(before, after)).toEqual({
      added: ['POST /d (customer d/write)'],
      removed: ['DELETE /c (admin c/delete)'],
      changed: ['GET /b/{id}: admin b/read → public -'],
    })
  })
})

describe('a whole run (npm run policy:import)', () => {
  const options = (over: Partial<ImportOptions> = {}): ImportOptions => ({
    shop: '/shop',
    out: '/repo/policy/routes.tsv',
    commit: null,
    line: null,
    excerpt: null,
    ...over,
  })

  it('writes the table, prints what changed against the one it replaces and the refusals', async () => {
    const run = memoryIo(new Map([...tree, ['/repo/policy/routes.tsv', 'GET\t/banners\tadmin\tbanners/read\nGET\t/gone\tpublic\t-\n']]), 'deadbeef')
    expect(await runImport(options({ line: 'main' }), run.io)).toBe(0)
    expect(run.written.get('/repo/policy/routes.tsv')).toContain('\n# Shop: main deadbeef\n')
    const out = run.stdout.join('')
    expect(out).toContain('policy:import: 2 resource files, 9 routes written to /repo/policy/routes.tsv (shop main deadbeef)\n')
    expect(out).toContain('removed (1):\n  GET /gone (public -)\n')
    expect(out).toContain('level or permission changed (1):\n  GET /banners: admin banners/read → public -\n')
    expect(run.stderr.join('')).toContain(
      'refused at the edge (left out of the table), 2 of about 11:\n  app/code/core/Mage/Cms/Api/Banner.php:8: DELETE /banners/{id}',
    )
  })

  it('writes the excerpts the shipped tables are tested on, which import to the same table', async () => {
    const run = memoryIo(tree)
    expect(await runImport(options({ commit: 'c1', excerpt: '/fixture' }), run.io)).toBe(0)
    const excerpts = new Map([...run.written].filter(([path]) => path.startsWith('/fixture/')))
    expect([...excerpts.keys()].sort()).toEqual([`/fixture/app/code/${BANNER}`, `/fixture/app/code/${POINTS}`])
    const again = memoryIo(new Map([...excerpts].map(([path, text]) => [path.replace('/fixture', '/copy'), text])))
    expect(await runImport(options({ shop: '/copy', out: '/other.tsv', commit: 'c1' }), again.io)).toBe(0)
    expect(again.written.get('/other.tsv')).toBe(run.written.get('/repo/policy/routes.tsv'))
  })

  const NOT_A_SHOP: Array<{ name: string; files: string[]; reason: string }> = [
    { name: 'an empty folder', files: [], reason: 'it has no app/code folder (give --shop the folder that holds app/code)' },
    {
      name: 'a folder without app/code/core',
      files: ['/shop/app/code/local/A/B/Api/X.php'],
      reason: 'it has no app/code/core (give --shop the folder that holds app/code)',
    },
    {
      name: 'a shop without API resources',
      files: ['/shop/app/code/core/Mage/Core/Model/App.php'],
      reason: 'it has no API resources (app/code/<pool>/<Vendor>/<Module>/Api/*.php)',
    },
  ]

  it.each(NOT_A_SHOP)('refuses $name with exit code 3 and writes nothing', async ({ files, reason }) => {
    const run = memoryIo(new Map(files.map((f) => [f, '<?php #[ApiResource(operations: [])] class X {}'])))
    expect(await runImport(options(), run.io)).toBe(3)
    expect(run.written.size).toBe(0)
    expect(run.stdout).toEqual([])
    expect(run.stderr).toEqual([`policy:import: /shop is not a shop checkout: ${reason}; nothing written\n`])
  })
})
