// The least of a resource file that the route import reads: its #[ApiResource] attributes with
// only the arguments that decide a route (security, uriTemplate, routePrefix, and each REST
// operation's method, uriTemplate and security), re-written as PHP. The shipped tables' test runs
// the import on such excerpts (test/fixtures/shop-*), so the repository holds the shop's
// declarations as data, not its code. Pure.
import { readAttributes, shortName, type PhpArg, type PhpAttribute, type PhpValue } from './php-attributes'

const RESOURCE_ARGS = new Set(['security', 'uriTemplate', 'routePrefix', 'operations'])
const OPERATION_ARGS = new Set(['method', 'uriTemplate', 'security'])
const REST = new Set(['Get', 'GetCollection', 'Post', 'Put', 'Patch', 'Delete', 'HttpOperation'])

/** The excerpt of one file, or null when it declares no resource. */
export function excerptResourceFile(source: string, comment: string): string | null {
  const kept = readAttributes(source).filter((a) => shortName(a.name) === 'ApiResource' || REST.has(shortName(a.name)))
  if (kept.length === 0) return null
  const lines = comment.split('\n').map((l) => `// ${l}`)
  return ['<?php', ...lines, '', ...kept.map(attribute), 'class Excerpt', '{', '}', ''].join('\n')
}

function attribute(a: PhpAttribute): string {
  const resource = shortName(a.name) === 'ApiResource'
  const args = a.args.filter((arg) => arg.name !== null && (resource ? RESOURCE_ARGS : OPERATION_ARGS).has(arg.name))
  return `#[${a.name}(\n${args.map((arg) => `    ${argument(arg, '    ')},`).join('\n')}\n)]`
}

function argument(arg: PhpArg, indent: string): string {
  if (arg.name !== 'operations' || arg.value.kind !== 'array') return `${arg.name}: ${value(arg.value)}`
  const operations = arg.value.items
    .map((item) => item.value)
    .filter((v) => v.kind !== 'new' || REST.has(shortName(v.className)))
    .map((v) => `${indent}    ${v.kind === 'new' ? operation(v) : value(v)},`)
  return `operations: [\n${operations.join('\n')}\n${indent}]`
}

function operation(v: Extract<PhpValue, { kind: 'new' }>): string {
  const args = v.args.filter((a) => a.name !== null && OPERATION_ARGS.has(a.name))
  return `new ${v.className}(${args.map((a) => `${a.name}: ${value(a.value)}`).join(', ')})`
}

function value(v: PhpValue): string {
  switch (v.kind) {
    case 'string':
      // Double quotes where that needs no escape (PHP would interpolate `$` and read `\`).
      if (v.value.includes("'") && !/["$\\]/.test(v.value)) return `"${v.value}"`
      return `'${v.value.replaceAll('\\', '\\\\').replaceAll("'", "\\'")}'`
    case 'other':
      return v.text
    case 'new':
      return operation(v)
    case 'array':
      return `[${v.items.map((i) => (i.key ? `${value(i.key)} => ${value(i.value)}` : value(i.value))).join(', ')}]`
  }
}
