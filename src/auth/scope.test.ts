import { describe, expect, it } from 'vitest'
import { narrowPermissions, readScope, stillHeld } from './scope'

describe('readScope', () => {
  const accepted: { input: unknown; value: string[] | undefined }[] = [
    { input: undefined, value: undefined },
    { input: 'products/read', value: ['products/read'] },
    { input: 'products/read categories/all', value: ['products/read', 'categories/all'] },
    { input: 'all', value: ['all'] },
    { input: 'cms-pages/write credit_memos/create', value: ['cms-pages/write', 'credit_memos/create'] },
  ]
  for (const { input, value } of accepted) {
    it(`reads ${JSON.stringify(input)}`, () => expect(readScope(input)).toEqual({ ok: true, value }))
  }

  const refusedInputs: { name: string; input: unknown }[] = [
    { name: 'empty', input: '' },
    { name: 'a number', input: 12 },
    { name: 'an array', input: ['products/read'] },
    { name: 'null', input: null },
    { name: 'repeated', input: 'products/read products/read' },
    { name: 'two spaces', input: 'products/read  categories/all' },
    { name: 'a leading space', input: ' products/read' },
    { name: 'a trailing space', input: 'products/read ' },
    { name: 'a tab', input: 'products/read\tcategories/all' },
    { name: 'no verb', input: 'products' },
    { name: 'an unknown verb', input: 'products/update' },
    { name: 'upper case', input: 'Products/read' },
    { name: 'two slashes', input: 'products/read/all' },
    { name: "the shop's role name", input: 'ROLE_ADMIN' },
    { name: '10 kB', input: `${'products/read '.repeat(730)}x`.slice(0, 10_240) },
    { name: 'a NUL', input: 'products/read\u0000' },
  ]
  for (const { name, input } of refusedInputs) {
    it(`refuses ${name}`, () => expect(readScope(input).ok).toBe(false))
  }
})

describe('narrowPermissions', () => {
  const cases: { name: string; held: string[]; asked: string[]; value?: string[] }[] = [
    { name: 'an exact permission', held: ['orders/read'], asked: ['orders/read'], value: ['orders/read'] },
    { name: 'a verb through resource/all', held: ['products/all'], asked: ['products/read'], value: ['products/read'] },
    { name: 'resource/all through resource/all', held: ['products/all'], asked: ['products/all'], value: ['products/all'] },
    { name: 'anything through all', held: ['all'], asked: ['orders/create', 'products/all', 'all'], value: ['orders/create', 'products/all', 'all'] },
    { name: 'a subset of several', held: ['products/all', 'categories/all'], asked: ['categories/read'], value: ['categories/read'] },
    { name: 'a permission not held', held: ['products/all'], asked: ['orders/read'] },
    { name: 'resource/all through one verb', held: ['products/read'], asked: ['products/all'] },
    { name: 'all through resource/all', held: ['products/all'], asked: ['all'] },
    { name: 'all through a look-alike resource', held: ['al/all'], asked: ['all'] },
    { name: 'one held and one not', held: ['products/all'], asked: ['products/read', 'orders/read'] },
  ]
  for (const { name, held, asked, value } of cases) {
    it(`${value ? 'grants' : 'refuses'} ${name}`, () =>
      expect(narrowPermissions(held, asked).ok ? narrowPermissions(held, asked) : undefined).toEqual(value && { ok: true, value }))
  }

  it('stillHeld drops what the account lost and keeps the rest', () => {
    expect(stillHeld(['products/read'], ['products/read', 'categories/all'])).toEqual(['products/read'])
  })
})
