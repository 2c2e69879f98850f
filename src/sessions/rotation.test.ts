import { describe, expect, it } from 'vitest'
import type { RotationState, Customer } from '../db'
import { judgeRotation } from './rotation'

const NOW = 1_900_000_000
const customer = { id: 7, isActive: true } as Customer
const family = { customerId: 7, expiresAt: NOW + 1000, revokedAt: null }
const used = (rotatedAt: number) => ({ familyId: 'f', expiresAt: NOW + 500, rotatedAt })
const live = { familyId: 'f', expiresAt: NOW + 500, rotatedAt: null }

const ROWS: { name: string; state: RotationState; verdict: ReturnType<typeof judgeRotation> }[] = [
  { name: 'unknown token', state: { rotated: false }, verdict: { kind: 'refused', reason: 'unknown' } },
  {
    name: 'this call rotated it',
    state: { rotated: true, token: used(NOW), family, customer },
    verdict: { kind: 'rotated', familyId: 'f', customer, rotatedAt: NOW },
  },
  {
    name: 'rotated, account inactive',
    state: { rotated: true, token: used(NOW), family, customer: { ...customer, isActive: false } },
    verdict: { kind: 'inactive', familyId: 'f', customerId: 7 },
  },
  { name: 'rotated, account gone', state: { rotated: true, token: used(NOW), family }, verdict: { kind: 'inactive', familyId: 'f', customerId: 7 } },
  {
    name: 'family ended',
    state: { rotated: false, token: used(NOW - 1), family: { ...family, revokedAt: NOW - 1 }, customer },
    verdict: { kind: 'ended', familyId: 'f', customerId: 7 },
  },
  { name: 'unused but not rotatable (expired)', state: { rotated: false, token: live, family, customer }, verdict: { kind: 'refused', reason: 'expired' } },
  {
    name: 'used 5 s ago, successor unused: retry',
    state: { rotated: false, token: used(NOW - 5), family, customer, successor: { rotatedAt: null } },
    verdict: { kind: 'retry', familyId: 'f', customer, rotatedAt: NOW - 5 },
  },
  {
    name: 'used 6 s ago: reuse',
    state: { rotated: false, token: used(NOW - 6), family, customer, successor: { rotatedAt: null } },
    verdict: { kind: 'reuse', familyId: 'f', customerId: 7 },
  },
  {
    name: 'used just now, successor already used: reuse',
    state: { rotated: false, token: used(NOW), family, customer, successor: { rotatedAt: NOW } },
    verdict: { kind: 'reuse', familyId: 'f', customerId: 7 },
  },
  {
    name: 'used just now, no successor row: reuse',
    state: { rotated: false, token: used(NOW), family, customer },
    verdict: { kind: 'reuse', familyId: 'f', customerId: 7 },
  },
  {
    name: 'in grace but the family has reached its end: reuse',
    state: { rotated: false, token: used(NOW), family: { ...family, expiresAt: NOW }, customer, successor: { rotatedAt: null } },
    verdict: { kind: 'reuse', familyId: 'f', customerId: 7 },
  },
  {
    name: 'retry of an inactive account',
    state: { rotated: false, token: used(NOW), family, customer: { ...customer, isActive: false }, successor: { rotatedAt: null } },
    verdict: { kind: 'inactive', familyId: 'f', customerId: 7 },
  },
]

describe('judgeRotation (grace window 5 s)', () => {
  for (const row of ROWS) {
    it(row.name, () => {
      expect(judgeRotation(row.state, NOW, 5)).toEqual(row.verdict)
    })
  }
})
