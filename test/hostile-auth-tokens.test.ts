import { describe, it } from 'vitest'
import { expectAnswer } from './hostile/case'
import { tokenCases } from './hostile/tokens'

describe('hostile tokens and Authorization headers on refresh and logout', () => {
  it.each(tokenCases)('$name → $status', expectAnswer)
})
