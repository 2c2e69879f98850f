// What a `security:` expression of the shop means at the edge, read with the shop's own rules
// (app/code/core/Maho/ApiPlatform/symfony/Security in the shop):
//   is_granted('ROLE_CUSTOMER')   a customer token (roles ["ROLE_CUSTOMER"])
//   is_granted('ROLE_ADMIN')      the shop's admin-session tokens, which gatehouse neither issues nor accepts
//   is_granted('res/verb')        ApiUserVoter: an API token holding res/verb, res/all or all
//   has_backend_access('res')     BackendAccess::isGrantedBy: ROLE_ADMIN or res/read or res/write
//   is_owner(object, 'prop')      CustomerOwnership::isOwner: a customer token whose id (or email)
//                                 is the loaded row's; the shop decides it after loading the row
// Only a disjunction (`or`, `||`) of these is mapped; anything else (and, not, comparisons) is
// refused rather than guessed. Pure.

export type Level = 'public' | 'customer' | 'admin'

export type Access =
  | { kind: 'mapped'; level: Level /** Alternatives, any of which an API token may hold; empty for "-". */; permissions: string[]; notes: string[] }
  | { kind: 'refused'; reason: string }

const PERMISSION = /^[a-z][a-z0-9_-]*\/[a-z][a-z0-9_-]*$/
const RESOURCE = /^[a-z][a-z0-9_-]*$/

type Atom = { fn: string; args: string[] } | { name: string }
type Token = { t: 'str'; v: string } | { t: 'name'; v: string } | { t: 'op'; v: string }

/**
 * Maps one operation's security expression (`null`: none declared, so any authenticated caller)
 * to a level and the permissions an API token may hold, or refuses it with the reason.
 *
 * @example
 * mapSecurity("is_granted('ROLE_CUSTOMER') or is_granted('ROLE_ADMIN') or is_granted('carts/read')")
 * // { kind: 'mapped', level: 'customer', permissions: ['carts/read'], notes: [] }
 */
export function mapSecurity(expression: string | null): Access {
  if (expression === null) return { kind: 'mapped', level: 'customer', permissions: [], notes: ['no security expression: any authenticated caller'] }
  let atoms: Atom[]
  try {
    atoms = disjunction(tokenize(expression))
  } catch (err) {
    return { kind: 'refused', reason: err instanceof Error ? err.message : String(err) }
  }
  let isPublic = false
  let anyToken = false
  let customer = false
  const permissions: string[] = []
  const notes: string[] = []
  for (const atom of atoms) {
    if ('name' in atom) {
      if (atom.name === 'true') isPublic = true
      else if (atom.name !== 'false') return { kind: 'refused', reason: `unknown name "${atom.name}"` }
      continue
    }
    const [first, second] = atom.args
    if (atom.fn === 'is_granted' && atom.args.length === 1 && first !== undefined) {
      if (first === 'PUBLIC_ACCESS') isPublic = true
      else if (first === 'IS_AUTHENTICATED_FULLY' || first === 'IS_AUTHENTICATED') anyToken = true
      else if (first === 'ROLE_CUSTOMER') customer = true
      else if (first === 'ROLE_ADMIN') continue
      else if (PERMISSION.test(first)) permissions.push(first)
      else return { kind: 'refused', reason: `is_granted('${first}'): an attribute gatehouse's tokens do not carry` }
    } else if (atom.fn === 'has_backend_access' && atom.args.length === 1 && first !== undefined && RESOURCE.test(first)) {
      permissions.push(`${first}/read`, `${first}/write`)
    } else if (atom.fn === 'is_owner' && atom.args.length === 2 && second !== undefined && first === '@object') {
      customer = true
      notes.push(`owner: the shop checks ${second}`)
    } else {
      return {
        kind: 'refused',
        reason: `${atom.fn}(${atom.args.map((a) => (a === '@object' ? 'object' : `'${a}'`)).join(', ')}): not a check the import can map`,
      }
    }
  }
  const unique = [...new Set(permissions)]
  if (isPublic) return { kind: 'mapped', level: 'public', permissions: [], notes: [] }
  if (anyToken) return { kind: 'mapped', level: 'customer', permissions: [], notes: ['any authenticated caller'] }
  if (customer) {
    if (unique.length === 0) notes.push('customers only at the shop; API tokens pass the edge and the shop refuses them')
    return { kind: 'mapped', level: 'customer', permissions: unique, notes }
  }
  if (unique.length > 0) return { kind: 'mapped', level: 'admin', permissions: unique, notes }
  return { kind: 'refused', reason: "only the shop's admin-session tokens (ROLE_ADMIN) can pass, and gatehouse does not accept them" }
}

function tokenize(expression: string): Token[] {
  const tokens: Token[] = []
  let i = 0
  while (i < expression.length) {
    const c = expression[i]!
    if (/\s/.test(c)) {
      i += 1
    } else if (c === "'" || c === '"') {
      let v = ''
      let j = i + 1
      for (; j < expression.length && expression[j] !== c; j += 1) {
        if (expression[j] === '\\') j += 1
        v += expression[j] ?? ''
      }
      if (j >= expression.length) throw new Error('unclosed string in the expression')
      tokens.push({ t: 'str', v })
      i = j + 1
    } else if (/[A-Za-z_]/.test(c)) {
      const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(expression.slice(i))![0]
      tokens.push({ t: 'name', v: m })
      i += m.length
    } else {
      const op = ['||', '&&', '==', '!=', '>=', '<='].find((o) => expression.startsWith(o, i)) ?? c
      tokens.push({ t: 'op', v: op })
      i += op.length
    }
  }
  return tokens
}

// expr := term (("or" | "||") term)* ; term := "(" expr ")" | atom. Nothing else is accepted.
function disjunction(tokens: Token[]): Atom[] {
  let i = 0
  const atoms: Atom[] = []
  const isOp = (v: string) => tokens[i]?.t === 'op' && tokens[i]?.v === v
  const isOr = () => (tokens[i]?.t === 'name' && tokens[i]?.v === 'or') || isOp('||')
  const expr = (): void => {
    term()
    while (isOr()) {
      i += 1
      term()
    }
  }
  const term = (): void => {
    if (isOp('(')) {
      i += 1
      expr()
      if (!isOp(')')) throw new Error('unbalanced parentheses in the expression')
      i += 1
      return
    }
    const token = tokens[i]
    if (token?.t !== 'name' || ['and', 'not', 'or', 'in'].includes(token.v))
      throw new Error(`cannot map "${token?.v ?? 'end of expression'}" here (only "or" of checks is mapped)`)
    i += 1
    if (!isOp('(')) {
      atoms.push({ name: token.v })
      return
    }
    i += 1
    const args: string[] = []
    while (!isOp(')')) {
      const a = tokens[i]
      if (a?.t === 'str') args.push(a.v)
      else if (a?.t === 'name' && a.v === 'object') args.push('@object')
      else throw new Error(`${token.v}(): an argument the import cannot read`)
      i += 1
      if (isOp(',')) i += 1
      else if (!isOp(')')) throw new Error(`${token.v}(): an argument the import cannot read`)
    }
    i += 1
    atoms.push({ fn: token.v, args })
  }
  expr()
  if (i < tokens.length) throw new Error(`cannot map "${tokens[i]!.v}" here (only "or" of checks is mapped)`)
  return atoms
}
