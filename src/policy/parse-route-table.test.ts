import { describe, expect, it } from 'vitest'
import { ConfigError } from '../config'
import { parseRouteTable } from './parse-route-table'
import { RouteTableError } from './route-table-error'

const HEADER = '# comment\n'

interface BadRow {
  name: string
  row: string
  message: string
}

// Each bad row sits on line 2, after a comment line, so the line number is checked too.
const BAD_ROWS: BadRow[] = [
  { name: 'unknown level', row: 'GET\t/x\tadmn\tx/read', message: 'unknown level "admn" (expected public, customer or admin)' },
  { name: 'upper-case level', row: 'GET\t/x\tPublic\t-', message: 'unknown level "Public" (expected public, customer or admin)' },
  { name: 'unknown method', row: 'FETCH\t/x\tpublic\t-', message: 'unknown method "FETCH" (expected one of GET, POST, PUT, PATCH, DELETE)' },
  { name: 'lower-case method', row: 'get\t/x\tpublic\t-', message: 'unknown method "get" (expected one of GET, POST, PUT, PATCH, DELETE)' },
  { name: 'HEAD (it follows GET)', row: 'HEAD\t/x\tpublic\t-', message: 'unknown method "HEAD" (expected one of GET, POST, PUT, PATCH, DELETE)' },
  { name: 'OPTIONS (CORS answers it)', row: 'OPTIONS\t/x\tpublic\t-', message: 'unknown method "OPTIONS" (expected one of GET, POST, PUT, PATCH, DELETE)' },
  {
    name: 'permission without verb',
    row: 'GET\t/x\tadmin\tproducts',
    message: 'bad permission "products" (expected resource/verb, alternatives joined by |, or -)',
  },
  {
    name: 'permission with three parts',
    row: 'GET\t/x\tadmin\ta/b/c',
    message: 'bad permission "a/b/c" (expected resource/verb, alternatives joined by |, or -)',
  },
  { name: 'global all as a requirement', row: 'GET\t/x\tadmin\tall', message: 'bad permission "all" (expected resource/verb, alternatives joined by |, or -)' },
  { name: 'empty permission', row: 'GET\t/x\tadmin\t', message: 'bad permission "" (expected resource/verb, alternatives joined by |, or -)' },
  {
    name: 'an empty alternative',
    row: 'GET\t/x\tadmin\ta/read|',
    message: 'bad permission "a/read|" (expected resource/verb, alternatives joined by |, or -)',
  },
  { name: 'an alternative twice', row: 'GET\t/x\tadmin\ta/read|a/read', message: 'permission "a/read|a/read" names an alternative twice' },
  { name: 'admin without a permission', row: 'GET\t/x\tadmin\t-', message: 'an admin route needs a permission (resource/verb)' },
  { name: 'public with a permission', row: 'GET\t/x\tpublic\tx/read', message: 'a public route takes no permission (write -), found "x/read"' },
  { name: 'spaces instead of tabs', row: 'GET /x public -', message: 'expected 4 or 5 tab-separated columns, found 1' },
  { name: 'too few columns', row: 'GET\t/x\tpublic', message: 'expected 4 or 5 tab-separated columns, found 3' },
  { name: 'too many columns', row: 'GET\t/x\tpublic\t-\tnote\textra', message: 'expected 4 or 5 tab-separated columns, found 6' },
  { name: 'relative template', row: 'GET\tx\tpublic\t-', message: 'bad path template "x": must start with /' },
  { name: 'trailing slash', row: 'GET\t/x/\tpublic\t-', message: 'bad path template "/x/": empty segment (no // and no trailing /)' },
  { name: 'double slash', row: 'GET\t/x//y\tpublic\t-', message: 'bad path template "/x//y": empty segment (no // and no trailing /)' },
  { name: 'root only', row: 'GET\t/\tpublic\t-', message: 'bad path template "/": empty segment (no // and no trailing /)' },
  { name: 'dot segment', row: 'GET\t/x/../y\tpublic\t-', message: 'bad path template "/x/../y": dot segment' },
  {
    name: 'percent in a static segment',
    row: 'GET\t/x%2fy\tpublic\t-',
    message: 'bad path template "/x%2fy": segment "x%2fy" must be {name} or letters, digits and - . _ ~',
  },
  {
    name: 'semicolon in a static segment',
    row: 'GET\t/x;y\tpublic\t-',
    message: 'bad path template "/x;y": segment "x;y" must be {name} or letters, digits and - . _ ~',
  },
  {
    name: 'partial parameter',
    row: 'GET\t/x/id{id}\tpublic\t-',
    message: 'bad path template "/x/id{id}": segment "id{id}" must be {name} or letters, digits and - . _ ~',
  },
  {
    name: 'unclosed parameter',
    row: 'GET\t/x/{id\tpublic\t-',
    message: 'bad path template "/x/{id": segment "{id" must be {name} or letters, digits and - . _ ~',
  },
  { name: 'repeated parameter', row: 'GET\t/x/{id}/y/{id}\tpublic\t-', message: 'bad path template "/x/{id}/y/{id}": parameter {id} appears twice' },
  { name: '{path} not last', row: 'GET\t/x/{path}/y\tpublic\t-', message: 'bad path template "/x/{path}/y": {path} spans segments, so it must be last' },
]

function issuesOf(text: string) {
  try {
    parseRouteTable(text)
  } catch (err) {
    if (err instanceof RouteTableError) return err.issues
    throw err
  }
  throw new Error('the table was accepted')
}

describe('parseRouteTable refuses', () => {
  it.each(BAD_ROWS)('$name, naming line 2', ({ row, message }) => {
    expect(issuesOf(`${HEADER}${row}\n`)).toEqual([{ line: 2, message }])
  })

  it('a duplicate method and path, naming both lines', () => {
    expect(issuesOf('GET\t/x/{id}\tpublic\t-\n\nGET\t/x/{other}\tadmin\tx/read\n')).toEqual([{ line: 3, message: 'duplicate of line 1 (GET /x/{other})' }])
  })

  it('every bad row at once, in one error that names each line', () => {
    let error: unknown
    try {
      parseRouteTable('GET\t/a\tpublic\t-\nGET\t/b\tnope\t-\nGET\t/a\tpublic\t-\nPUT\t/c/\tpublic\t-\n')
    } catch (err) {
      error = err
    }
    expect(error).toBeInstanceOf(RouteTableError)
    expect(error).toBeInstanceOf(ConfigError)
    expect((error as Error).message).toBe(
      'route table: line 2: unknown level "nope" (expected public, customer or admin); line 3: duplicate of line 1 (GET /a); line 4: bad path template "/c/": empty segment (no // and no trailing /)',
    )
  })

  it('an empty table', () => {
    expect(issuesOf('# only comments\n\n')).toEqual([{ line: 0, message: 'the table has no routes' }])
  })
})

describe('parseRouteTable accepts', () => {
  it('comments, blank lines, CRLF line ends and an optional note', () => {
    const rules = parseRouteTable('# head\r\n\r\nGET\t/a/{id}\tcustomer\ta/read\tsome note\r\nPOST\t/a\tpublic\t-\r\n')
    expect(rules.map((r) => ({ line: r.line, method: r.method, template: r.template, level: r.level, permission: r.permission, note: r.note }))).toEqual([
      { line: 3, method: 'GET', template: '/a/{id}', level: 'customer', permission: 'a/read', note: 'some note' },
      { line: 4, method: 'POST', template: '/a', level: 'public', permission: null, note: '' },
    ])
  })

  it('the same path with different methods, and {param} beside a trailing {path}', () => {
    const rules = parseRouteTable('GET\t/m/{id}\tpublic\t-\nDELETE\t/m/{id}\tadmin\tm/delete\nGET\t/m/{path}\tadmin\tm/read\n')
    expect(rules.map((r) => r.segments.map((s) => s.kind).join(','))).toEqual(['static,param', 'static,param', 'static,rest'])
  })

  it('marks the parameter right after a leading /customers as the owned customer id', () => {
    const rules = parseRouteTable(
      'GET\t/customers/{cid}/x\tcustomer\tx/read\nGET\t/shops/customers/{id}\tcustomer\tx/read\nGET\t/customers/me\tcustomer\tx/read\n',
    )
    expect(rules.map((r) => r.ownerParam)).toEqual(['cid', null, null])
  })
})
