// PHP source as tokens, as far as reading attributes needs: strings (with PHP's escapes, and
// whether a double-quoted one interpolates), names, `#[`, and punctuation. Comments (`//`, `#`,
// `/* */`) are skipped as PHP skips them. Pure.

/** Source text PHP itself would refuse (an unclosed string, comment or bracket). */
export class PhpSyntaxError extends Error {
  override name = 'PhpSyntaxError'
  constructor(
    readonly line: number,
    message: string,
  ) {
    super(`line ${line}: ${message}`)
  }
}

export type Token =
  | { type: 'string'; value: string; line: number; interpolated: boolean }
  | { type: 'name'; value: string; line: number }
  | { type: 'attr'; value: '#['; line: number }
  | { type: 'punct'; value: string; line: number }

const NAME = /[A-Za-z0-9_\\\x80-\uffff]/
const PUNCT = ['=>', '::', '(', ')', '[', ']', ',', ':', '.']

export function tokenize(source: string): Token[] {
  const tokens: Token[] = []
  let line = 1
  let i = 0
  const at = (s: string) => source.startsWith(s, i)
  while (i < source.length) {
    const ch = source[i]!
    if (ch === '\n') line += 1
    if (/\s/.test(ch)) {
      i += 1
    } else if (at('#[')) {
      tokens.push({ type: 'attr', value: '#[', line })
      i += 2
    } else if (at('//') || ch === '#') {
      while (i < source.length && source[i] !== '\n') i += 1
    } else if (at('/*')) {
      const end = source.indexOf('*/', i + 2)
      if (end < 0) throw new PhpSyntaxError(line, 'unclosed comment')
      line += countLines(source.slice(i, end))
      i = end + 2
    } else if (ch === "'" || ch === '"') {
      const start = line
      const { value, end, interpolated } = readString(source, i)
      if (end < 0) throw new PhpSyntaxError(start, 'unclosed string')
      line += countLines(source.slice(i, end))
      tokens.push({ type: 'string', value, line: start, interpolated })
      i = end
    } else if (NAME.test(ch)) {
      let j = i
      while (j < source.length && NAME.test(source[j]!)) j += 1
      tokens.push({ type: 'name', value: source.slice(i, j), line })
      i = j
    } else {
      const punct = PUNCT.find((p) => at(p)) ?? ch
      tokens.push({ type: 'punct', value: punct, line })
      i += punct.length
    }
  }
  return tokens
}

function countLines(text: string): number {
  let n = 0
  for (const c of text) if (c === '\n') n += 1
  return n
}

const DOUBLE_ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r', v: '\v', f: '\f', e: '\x1b', '0': '\0', '\\': '\\', '"': '"', $: '$' }

// PHP strings: single quotes know only \' and \\; double quotes know the usual escapes and
// interpolate `$name` and `{$...}`, which a static reading cannot evaluate.
function readString(source: string, start: number): { value: string; end: number; interpolated: boolean } {
  const quote = source[start]!
  let value = ''
  let interpolated = false
  for (let i = start + 1; i < source.length; i += 1) {
    const c = source[i]!
    if (c === quote) return { value, end: i + 1, interpolated }
    if (c === '\\' && i + 1 < source.length) {
      const next = source[i + 1]!
      if (quote === "'") {
        value += next === "'" || next === '\\' ? next : `\\${next}`
      } else {
        value += DOUBLE_ESCAPES[next] ?? `\\${next}`
      }
      i += 1
      continue
    }
    if (quote === '"' && c === '$' && /[A-Za-z_{]/.test(source[i + 1] ?? '')) interpolated = true
    value += c
  }
  return { value, end: -1, interpolated }
}
