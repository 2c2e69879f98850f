import { describe, it } from 'vitest'
import { bodyCases } from './hostile/bodies'
import { expectAnswer } from './hostile/case'

describe('hostile bodies on the token and logout endpoints', () => {
  it.each(bodyCases)('$name → $status', expectAnswer)
})
