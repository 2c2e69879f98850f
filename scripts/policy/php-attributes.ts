// Reads PHP 8 attributes (`#[Name(args)]`) out of a source file, as far as the route import needs:
// named and positional arguments whose values are strings (with `.` concatenation), `new Class(...)`,
// arrays, and anything else kept as its text. Comments and strings are skipped as PHP skips them
// (php-tokens.ts), so an attribute in a comment or a docblock is never read. Pure: text in, values out.
import { PhpSyntaxError, tokenize, type Token } from './php-tokens'

export { PhpSyntaxError }

export type PhpValue =
  | { kind: 'string'; value: string; line: number }
  | { kind: 'new'; className: string; args: PhpArg[]; line: number }
  | { kind: 'array'; items: Array<{ key: PhpValue | null; value: PhpValue }>; line: number }
  | { kind: 'other'; text: string; line: number }

export interface PhpArg {
  name: string | null
  value: PhpValue
}

export interface PhpAttribute {
  /** As written: `ApiResource`, `\ApiPlatform\Metadata\ApiResource`. */
  name: string
  args: PhpArg[]
  line: number
}

class Parser {
  private i = 0
  constructor(private readonly tokens: Token[]) {}

  attributes(): PhpAttribute[] {
    const found: PhpAttribute[] = []
    while (this.i < this.tokens.length) {
      if (this.tokens[this.i]!.type !== 'attr') {
        this.i += 1
        continue
      }
      this.i += 1
      // `#[A(...), B]`: several attributes in one group.
      while (!this.peek(']')) {
        const name = this.expectName()
        const args = this.peek('(') ? this.args() : []
        found.push({ name: name.value, args, line: name.line })
        if (!this.peek(',')) break
        this.i += 1
      }
      this.expect(']')
    }
    return found
  }

  private args(): PhpArg[] {
    this.expect('(')
    const args: PhpArg[] = []
    while (!this.peek(')')) {
      const token = this.tokens[this.i]
      const next = this.tokens[this.i + 1]
      let name: string | null = null
      if (token?.type === 'name' && next?.type === 'punct' && next.value === ':') {
        name = token.value
        this.i += 2
      }
      args.push({ name, value: this.value() })
      if (!this.peek(',')) break
      this.i += 1
    }
    this.expect(')')
    return args
  }

  private value(): PhpValue {
    const token = this.current()
    let value: PhpValue
    if (token.type === 'name' && token.value.toLowerCase() === 'new') {
      this.i += 1
      const className = this.expectName()
      value = { kind: 'new', className: className.value, args: this.peek('(') ? this.args() : [], line: token.line }
    } else if (token.type === 'punct' && token.value === '[') {
      value = this.array()
    } else if (token.type === 'string') {
      value = this.concatenation()
    } else {
      return this.rest(token.line, [])
    }
    return this.atEnd() ? value : this.rest(value.line, [this.text(value)])
  }

  // 'a' . "b" . 'c' — one string, as PHP folds it; an interpolated part makes it unreadable.
  private concatenation(): PhpValue {
    const first = this.current() as Extract<Token, { type: 'string' }>
    let value = ''
    let interpolated = false
    for (;;) {
      const token = this.current()
      if (token.type !== 'string') break
      value += token.value
      interpolated ||= token.interpolated
      this.i += 1
      const dot = this.tokens[this.i]
      const after = this.tokens[this.i + 1]
      if (dot?.type === 'punct' && dot.value === '.' && after?.type === 'string') this.i += 1
      else break
    }
    if (interpolated) return { kind: 'other', text: `"${value}"`, line: first.line }
    return { kind: 'string', value, line: first.line }
  }

  private array(): PhpValue {
    const open = this.expect('[')
    const items: Array<{ key: PhpValue | null; value: PhpValue }> = []
    while (!this.peek(']')) {
      const first = this.value()
      if (this.peek('=>')) {
        this.i += 1
        items.push({ key: first, value: this.value() })
      } else {
        items.push({ key: null, value: first })
      }
      if (!this.peek(',')) break
      this.i += 1
    }
    this.expect(']')
    return { kind: 'array', items, line: open.line }
  }

  // Anything else (Foo::class, 200, true, an arithmetic expression): its tokens up to the next
  // `,` `)` `]` or `=>` at this depth, kept as text.
  private rest(line: number, parts: string[]): PhpValue {
    let depth = 0
    while (this.i < this.tokens.length) {
      const token = this.current()
      if (depth === 0 && this.atEnd()) break
      if (token.type === 'punct' && (token.value === '(' || token.value === '[')) depth += 1
      if (token.type === 'punct' && (token.value === ')' || token.value === ']')) depth -= 1
      if (token.type === 'attr') depth += 1
      parts.push(token.type === 'string' ? JSON.stringify(token.value) : token.value)
      this.i += 1
    }
    return { kind: 'other', text: parts.join(' '), line }
  }

  private text(value: PhpValue): string {
    return value.kind === 'string' ? JSON.stringify(value.value) : value.kind === 'other' ? value.text : value.kind
  }

  private atEnd(): boolean {
    const token = this.tokens[this.i]
    return token === undefined || (token.type === 'punct' && [',', ')', ']', '=>'].includes(token.value))
  }

  private current(): Token {
    const token = this.tokens[this.i]
    if (token === undefined) throw new PhpSyntaxError(this.tokens.at(-1)?.line ?? 1, 'unexpected end of file inside an attribute')
    return token
  }

  private peek(punct: string): boolean {
    const token = this.tokens[this.i]
    return token?.type === 'punct' && token.value === punct
  }

  private expect(punct: string): Token {
    const token = this.current()
    if (token.type !== 'punct' || token.value !== punct) throw new PhpSyntaxError(token.line, `expected "${punct}", found "${token.value}"`)
    this.i += 1
    return token
  }

  private expectName(): Extract<Token, { type: 'name' }> {
    const token = this.current()
    if (token.type !== 'name') throw new PhpSyntaxError(token.line, `expected a name, found "${token.value}"`)
    this.i += 1
    return token
  }
}

/**
 * Every attribute in a PHP source file, in order, with its arguments read as values.
 *
 * @example
 * readAttributes("<?php #[ApiResource(operations: [new Get(uriTemplate: '/x')])] class X {}")[0].name // 'ApiResource'
 * @throws PhpSyntaxError when a string, comment or bracket is left open.
 */
export function readAttributes(source: string): PhpAttribute[] {
  return new Parser(tokenize(source)).attributes()
}

/** The last segment of a (possibly qualified) class name: `\ApiPlatform\Metadata\Get` → `Get`. */
export function shortName(name: string): string {
  return name.slice(name.lastIndexOf('\\') + 1)
}
