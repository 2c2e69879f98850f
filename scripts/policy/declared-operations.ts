// The REST operations one PHP file declares to API Platform: each `#[ApiResource(operations: [...])]`
// (API Platform's own attribute or Maho's subclass of it, `Maho\Config\ApiResource`) and each
// operation attribute written on the class itself (`#[Get(uriTemplate: ...)]`). Pure.
import { PhpSyntaxError, readAttributes, shortName, type PhpArg, type PhpAttribute, type PhpValue } from './php-attributes'

/** One REST operation as the shop declares it. */
export interface DeclaredOperation {
  method: string
  /** As declared, relative to the API prefix (`/api/rest/v2`), with any `{._format}` suffix removed. */
  uriTemplate: string
  /** The operation's `security:` expression, else its resource's; `null` where neither says one. */
  security: string | null
  file: string
  line: number
}

/** Something the import cannot read; the operation it concerns is left out of the table (refused). */
export interface ImportProblem {
  file: string
  line: number
  message: string
}

const HTTP_METHODS: Record<string, string> = { Get: 'GET', GetCollection: 'GET', Post: 'POST', Put: 'PUT', Patch: 'PATCH', Delete: 'DELETE' }
// GraphQL operations and NotExposed (a route that only answers 404) have no REST route of their own.
const NOT_REST = new Set(['Query', 'QueryCollection', 'Mutation', 'DeleteMutation', 'Subscription', 'NotExposed', 'NotExposedOperation'])
const HTTP_OPERATION = 'HttpOperation'

/**
 * The REST operations declared in one file, and the problems that kept some of them out.
 *
 * @example
 * declaredOperations('core/Mage/Cms/Api/CmsPage.php', source).operations[0]
 * // { method: 'GET', uriTemplate: '/cms-pages/{id}', security: 'true', file: ..., line: 33 }
 */
export function declaredOperations(file: string, source: string): { operations: DeclaredOperation[]; problems: ImportProblem[] } {
  const operations: DeclaredOperation[] = []
  const problems: ImportProblem[] = []
  const problem = (line: number, message: string) => problems.push({ file, line, message })
  let attributes: PhpAttribute[]
  try {
    attributes = readAttributes(source)
  } catch (err) {
    if (!(err instanceof PhpSyntaxError)) throw err
    problem(err.line, `cannot read the file: ${err.message}`)
    return { operations, problems }
  }
  for (const attribute of attributes) {
    const name = shortName(attribute.name)
    if (name === 'ApiResource') {
      readResource(attribute, (op) => operations.push({ ...op, file }), problem)
    } else if (name in HTTP_METHODS || name === HTTP_OPERATION) {
      const op = readOperation(attribute.name, attribute.args, attribute.line, { security: undefined, template: undefined, prefix: '' }, problem)
      if (op) operations.push({ ...op, file })
    }
  }
  return { operations, problems }
}

type Found = Omit<DeclaredOperation, 'file'>
type Report = (line: number, message: string) => void

function readResource(resource: PhpAttribute, add: (op: Found) => void, problem: Report): void {
  const security = stringArg(resource.args, 'security', resource.line, problem)
  const prefix = stringArg(resource.args, 'routePrefix', resource.line, problem)
  // A uriTemplate on the resource is the default of its operations (the shop's Media does this).
  const template = stringArg(resource.args, 'uriTemplate', resource.line, problem)
  if (prefix === null || template === null) return
  const list = arg(resource.args, 'operations')
  if (list === undefined) {
    problem(resource.line, 'ApiResource without an operations list: API Platform adds its default operations, whose paths the import does not guess')
    return
  }
  if (list.kind !== 'array') {
    problem(resource.line, `operations is not a literal list (${describe(list)})`)
    return
  }
  for (const { value } of list.items) {
    if (value.kind !== 'new') {
      problem(value.line, `an operation that is not "new Operation(...)" (${describe(value)})`)
      continue
    }
    const op = readOperation(value.className, value.args, value.line, { security, template, prefix: prefix ?? '' }, problem)
    if (op) add(op)
  }
}

interface Inherited {
  /** The resource's security; undefined when it has none, null when it is unreadable (then an
   *  operation without its own is left out rather than read as "any authenticated caller"). */
  security: string | null | undefined
  template: string | undefined
  prefix: string
}

function readOperation(className: string, args: PhpArg[], line: number, inherited: Inherited, problem: Report): Found | null {
  const name = shortName(className)
  if (NOT_REST.has(name)) return null
  let method = HTTP_METHODS[name]
  if (name === HTTP_OPERATION) method = stringArg(args, 'method', line, problem)?.toUpperCase()
  if (method === undefined) {
    problem(line, `unknown operation class ${className}`)
    return null
  }
  const own = stringArg(args, 'uriTemplate', line, problem)
  const template = own === undefined ? inherited.template : own
  if (template === undefined || template === null) {
    if (template === undefined) problem(line, `${name} without a uriTemplate: API Platform derives its path, which the import does not guess`)
    return null
  }
  const security = stringArg(args, 'security', line, problem)
  if (security === null) return null
  if (security === undefined && inherited.security === null) {
    problem(line, `${method} ${template}: no security of its own, and its resource's is not a literal string`)
    return null
  }
  return { method, uriTemplate: `${inherited.prefix}${template}`.replace(/\{\._format\}$/, ''), security: security ?? inherited.security ?? null, line }
}

function arg(args: PhpArg[], name: string): PhpValue | undefined {
  return args.find((a) => a.name === name)?.value
}

// undefined: not given; null: given but not a literal string (reported).
function stringArg(args: PhpArg[], name: string, line: number, problem: Report): string | undefined | null {
  const value = arg(args, name)
  if (value === undefined) return undefined
  if (value.kind === 'string') return value.value
  problem(value.line ?? line, `${name} is not a literal string (${describe(value)})`)
  return null
}

function describe(value: PhpValue): string {
  return value.kind === 'other' ? value.text : value.kind === 'new' ? `new ${value.className}` : value.kind
}
