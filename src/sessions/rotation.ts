import type { Customer, RotationState } from '../db'

/** What a rotation attempt means, decided from the state D1 reported. */
export type RotationVerdict =
  /** This request rotated the token: answer with the successor. */
  | { kind: 'rotated'; familyId: string; customer: Customer; rotatedAt: number }
  /** The same rotation again inside the grace window: answer exactly as the first time. */
  | { kind: 'retry'; familyId: string; customer: Customer; rotatedAt: number }
  /** A rotated token used again (RFC 9700 §4.14.2): end the family. */
  | { kind: 'reuse'; familyId: string; customerId: number }
  /** The account is gone or inactive: end the family. */
  | { kind: 'inactive'; familyId: string; customerId: number }
  /** The family had already ended: refuse, and make sure its access tokens are revoked (a revocation that failed half-way is finished). */
  | { kind: 'ended'; familyId: string; customerId: number }
  /** Unknown or expired: refuse, nothing to change. */
  | { kind: 'refused'; reason: 'unknown' | 'expired' }

/**
 * Judges a rotation attempt. A retry is a used token presented again within `graceSeconds` of its
 * rotation while its successor is still unused and the family live; any other use of a used token is
 * reuse. Pure: `now` is whole seconds.
 */
export function judgeRotation(state: RotationState, now: number, graceSeconds: number): RotationVerdict {
  const { token, family } = state
  if (!token || !family) return { kind: 'refused', reason: 'unknown' }
  const { familyId } = token
  const account = (kind: 'rotated' | 'retry', rotatedAt: number): RotationVerdict =>
    state.customer?.isActive ? { kind, familyId, customer: state.customer, rotatedAt } : { kind: 'inactive', familyId, customerId: family.customerId }

  if (state.rotated) return account('rotated', now)
  if (family.revokedAt !== null) return { kind: 'ended', familyId, customerId: family.customerId }
  if (token.rotatedAt === null) return { kind: 'refused', reason: 'expired' }
  const inGrace = now - token.rotatedAt <= graceSeconds && family.expiresAt > now && state.successor?.rotatedAt === null
  return inGrace ? account('retry', token.rotatedAt) : { kind: 'reuse', familyId, customerId: family.customerId }
}
