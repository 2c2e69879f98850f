import { describe, expect, it } from 'vitest'
import type { Result } from './result'
import { parseForm, type FormProblem } from './form-body'

type FormReading = Result<Record<string, string>, FormProblem>

const ok = (value: Record<string, string>): FormReading => ({ ok: true, value })
const refused = (reason: FormProblem): FormReading => ({ ok: false, reason })

const CASES: { name: string; input: string; expected: FormReading }[] = [
  { name: 'the standard client_credentials body', input: 'grant_type=client_credentials', expected: ok({ grant_type: 'client_credentials' }) },
  { name: '`+` is a space, %2B a plus', input: 'a=x+y&b=x%2By', expected: ok({ a: 'x y', b: 'x+y' }) },
  { name: 'UTF-8 escapes', input: 'password=p%C3%A4ss', expected: ok({ password: 'päss' }) },
  { name: 'encoded names', input: 'client%5Fid=maho%5F1', expected: ok({ client_id: 'maho_1' }) },
  { name: 'an `=` inside the value', input: 'password=a=b', expected: ok({ password: 'a=b' }) },
  { name: 'empty pieces between `&`', input: '&a=1&&b=2&', expected: ok({ a: '1', b: '2' }) },
  { name: 'empty body', input: '', expected: ok({}) },
  { name: 'a name without a value is omitted (§3.1)', input: 'scope=&a=1&flag', expected: ok({ a: '1' }) },
  { name: '__proto__ is a plain field', input: '__proto__=x', expected: ok(JSON.parse('{"__proto__":"x"}')) },
  { name: 'grant_type twice', input: 'grant_type=client_credentials&grant_type=password', expected: refused('duplicate_parameter') },
  { name: 'the same value twice', input: 'a=1&a=1', expected: refused('duplicate_parameter') },
  { name: 'a repeat spelled differently', input: 'client_id=x&client%5Fid=y', expected: refused('duplicate_parameter') },
  { name: 'a repeat of an empty parameter', input: 'scope=&scope=a', expected: refused('duplicate_parameter') },
  { name: 'a repeat after an empty one', input: 'scope=a&scope=', expected: refused('duplicate_parameter') },
  { name: 'a stray %', input: 'password=100%', expected: refused('malformed_form') },
  { name: 'a short escape', input: 'password=%4', expected: refused('malformed_form') },
  { name: 'a non-hex escape', input: 'password=%zz', expected: refused('malformed_form') },
  { name: 'an escape that is not UTF-8', input: 'password=%FF', expected: refused('malformed_form') },
  { name: 'a lone surrogate half in UTF-8', input: 'password=%ED%A0%80', expected: refused('malformed_form') },
  { name: 'a bad escape in a name', input: '%zz=1', expected: refused('malformed_form') },
  { name: 'an empty name', input: '=value', expected: refused('malformed_form') },
]

describe('parseForm', () => {
  it.each(CASES)('$name', ({ input, expected }) => {
    const reading = parseForm(input)
    expect(reading).toEqual(expected)
    if (reading.ok) expect(Object.getPrototypeOf(reading.value)).toBe(null)
  })
})
