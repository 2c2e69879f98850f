import { ok, refused, type Result } from '../core'

/** Why a path was refused; the caller answers each with 400 `invalid_path`, logging the problem. */
export type PathProblem =
  | 'not_absolute'
  | 'empty_segment'
  | 'dot_segment'
  | 'backslash'
  | 'encoded_slash'
  | 'encoded_backslash'
  | 'control_character'
  | 'bad_percent_encoding'
  | 'invalid_utf8'
  | 'double_encoding'
  | 'matrix_parameter'
  | 'illegal_character'
  | 'unicode_lookalike'

/** The canonical path, or why it was refused. */
export type CanonicalPath = Result<string, PathProblem>

// RFC 3986 §3.3 pchar without ';' (matrix parameters, which Java and PHP stacks may strip) and
// without '%' (handled as percent-encoding). Anything else raw is refused.
const RAW_ALLOWED = /^[A-Za-z0-9\-._~!$&'()*+,=:@]$/
// RFC 3986 §2.3 / §6.2.2.2: percent-encoded unreserved characters are equivalent to the literal
// ones, so they are decoded; every other encoded byte stays encoded (upper-case hex, §6.2.2.1).
const UNRESERVED = /^[A-Za-z0-9\-._~]$/
// A path of raw allowed characters whose segments are non-empty (a trailing `/` aside), and one
// with a `.` or `..` segment: together the fast path of canonicalizePath.
const PLAIN_PATH = /^(?:\/[A-Za-z0-9\-._~!$&'()*+,=:@]+)*\/?$/
const DOT_SEGMENT = /\/\.\.?(?:\/|$)/
const HEX_PAIR = /^[0-9A-Fa-f]{2}$/
const ENCODED_TRIPLET = /%[0-9A-Fa-f]{2}/
const C0_OR_DEL = /[\u0000-\u001f\u007f]/
// Characters that a NFKC-normalising framework would turn into path syntax: fullwidth solidus
// U+FF0F becomes '/', fullwidth full stops become '..'.
const NFKC_SYNTAX = /[/\\;%\u0000-\u001f\u007f]/

// `fatal` refuses overlong forms (%C0%AF), surrogates (%ED%A0%80) and stray continuation bytes
// (WHATWG Encoding §4.1); `ignoreBOM` keeps a leading U+FEFF instead of silently dropping it.
const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true })
const encoder = new TextEncoder()

class Refused {
  constructor(readonly problem: PathProblem) {}
}

/**
 * Turns a request pathname into the one string the gateway matches and forwards, or refuses it.
 * Decodes percent-encoded unreserved characters (`%6De` → `me`), upper-cases the hex of every
 * other escape, and refuses whatever a shop framework could read differently from the gateway:
 * dot segments (raw or encoded), encoded `/` or `\`, raw `\`, control characters (raw or encoded,
 * C0, DEL and C1), bad percent-encoding, invalid or overlong UTF-8, double encoding (`%252f`),
 * `;`, empty segments (`//`), and non-ASCII characters that NFKC folds into path syntax.
 * A trailing `/` is kept: no route template ends in one, so it matches nothing (404).
 *
 * @example
 * canonicalizePath('/api/rest/v2/customers/%6De') // { ok: true, value: '/api/rest/v2/customers/me' }
 * canonicalizePath('/api/rest/v2/%2e%2e/admin')   // { ok: false, reason: 'dot_segment' }
 */
export function canonicalizePath(rawPathname: string): CanonicalPath {
  if (!rawPathname.startsWith('/')) return refused('not_absolute')
  // The common case, decided by one scan: only raw allowed characters (no `%`, nothing non-ASCII),
  // no empty segment but a trailing one, no `.` or `..` segment. Every step below leaves such a
  // path as it is, so it is its own canonical form.
  if (PLAIN_PATH.test(rawPathname) && !DOT_SEGMENT.test(rawPathname)) return ok(rawPathname)
  const segments = rawPathname.slice(1).split('/')
  const out: string[] = []
  try {
    for (const [i, segment] of segments.entries()) {
      const last = i === segments.length - 1
      if (segment === '' && !last) throw new Refused('empty_segment')
      out.push(canonicalSegment(segment))
    }
  } catch (err) {
    if (err instanceof Refused) return refused(err.problem)
    throw err
  }
  return ok(`/${out.join('/')}`)
}

function canonicalSegment(segment: string): string {
  let out = ''
  let i = 0
  while (i < segment.length) {
    if (segment[i] === '%') {
      const bytes: number[] = []
      while (segment[i] === '%') {
        const hex = segment.slice(i + 1, i + 3)
        if (!HEX_PAIR.test(hex)) throw new Refused('bad_percent_encoding')
        bytes.push(Number.parseInt(hex, 16))
        i += 3
      }
      out += decodedRun(bytes)
      continue
    }
    out += rawChar(segment[i]!)
    i++
  }
  checkDecoded(out)
  return out
}

function rawChar(char: string): string {
  if (RAW_ALLOWED.test(char)) return char
  if (char === '\\') throw new Refused('backslash')
  if (char === ';') throw new Refused('matrix_parameter')
  if (C0_OR_DEL.test(char)) throw new Refused('control_character')
  throw new Refused('illegal_character')
}

function decodedRun(bytes: number[]): string {
  let text: string
  try {
    text = utf8.decode(new Uint8Array(bytes))
  } catch {
    throw new Refused('invalid_utf8')
  }
  let out = ''
  for (const char of text) {
    const cp = char.codePointAt(0)!
    if (char === '/') throw new Refused('encoded_slash')
    if (char === '\\') throw new Refused('encoded_backslash')
    if (char === ';') throw new Refused('matrix_parameter')
    if (cp < 0x20 || (cp >= 0x7f && cp <= 0x9f)) throw new Refused('control_character')
    out += UNRESERVED.test(char) ? char : percentEncode(char)
  }
  return out
}

function percentEncode(char: string): string {
  let out = ''
  for (const byte of encoder.encode(char)) out += `%${byte.toString(16).toUpperCase().padStart(2, '0')}`
  return out
}

// Checks on the segment as the shop will see it after its one decode.
function checkDecoded(canonical: string): void {
  const decoded = decodeURIComponent(canonical)
  if (decoded === '.' || decoded === '..') throw new Refused('dot_segment')
  if (ENCODED_TRIPLET.test(decoded)) throw new Refused('double_encoding')
  if (!/[^\u0000-\u007f]/.test(decoded)) return
  const folded = decoded.normalize('NFKC')
  if (folded === '.' || folded === '..') throw new Refused('unicode_lookalike')
  for (const char of decoded) {
    if (char.codePointAt(0)! > 0x7f && NFKC_SYNTAX.test(char.normalize('NFKC'))) throw new Refused('unicode_lookalike')
  }
}
